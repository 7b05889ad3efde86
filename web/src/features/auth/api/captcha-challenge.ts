import { api, type Schemas } from '@/lib/api/client'

export type CaptchaChallenge = Schemas['CaptchaChallenge']

export const CAPTCHA_CHALLENGE_PATH = '/api/v1/captcha/challenge'

/**
 * GET /captcha/challenge for the ALTCHA widget. The API wraps the challenge
 * (`{ provider: 'altcha', challenge }`); the widget wants the bare challenge, so this answers
 * the widget's own fetch with just that part. Errors keep their status, so the widget shows
 * that the check failed and a click on it tries again.
 */
export async function fetchCaptchaChallenge(): Promise<Response> {
  const { data, response } = await api.GET('/api/v1/captcha/challenge')
  if (!response.ok || !data) {
    return new Response(JSON.stringify({ error: `HTTP ${response.status}` }), {
      status: response.ok ? 502 : response.status,
      headers: { 'content-type': 'application/json' },
    })
  }
  if (data.provider !== 'altcha') {
    return new Response(JSON.stringify({ error: `Unsupported CAPTCHA provider ${data.provider}` }), {
      status: 501,
      headers: { 'content-type': 'application/json' },
    })
  }
  return new Response(JSON.stringify(data.challenge), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  })
}
