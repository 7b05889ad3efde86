import { afterEach, describe, expect, it } from 'vitest'
import { setCsrfToken } from '@/lib/api/client'
import { ApiError } from '@/lib/api/problem'
import { uploadLogo } from './upload-logo'

interface Sent {
  method: string
  url: string
  headers: Record<string, string>
  body: FormData
}

const sent: Sent[] = []
let reply: { status: number; body: string } = { status: 200, body: '{}' }

class FakeXhr {
  status = 0
  responseText = ''
  withCredentials = false
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  private method = ''
  private url = ''
  private headers: Record<string, string> = {}
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value
  }
  send(body: FormData) {
    sent.push({ method: this.method, url: this.url, headers: this.headers, body })
    this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 })
    this.status = reply.status
    this.responseText = reply.body
    if (reply.status === 0) this.onerror?.()
    else this.onload?.()
  }
}

const original = globalThis.XMLHttpRequest

describe('uploadLogo', () => {
  afterEach(() => {
    globalThis.XMLHttpRequest = original
    sent.length = 0
    setCsrfToken(null)
  })

  it('PUTs the file as multipart field `file` with the CSRF token and reports progress', async () => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest
    setCsrfToken('csrf-1')
    reply = { status: 200, body: JSON.stringify({ id: 'org-1', logo_url: '/api/v1/logos/org-1/logo.png' }) }
    const progress: number[] = []
    const file = new File(['png'], 'logo.png', { type: 'image/png' })
    const org = await uploadLogo('org-1', file, (p) => progress.push(p))
    expect(org.logo_url).toBe('/api/v1/logos/org-1/logo.png')
    expect(sent[0]?.method).toBe('PUT')
    expect(sent[0]?.url).toBe('/api/v1/organizations/org-1/logo')
    expect(sent[0]?.headers['X-CSRF-Token']).toBe('csrf-1')
    expect((sent[0]?.body.get('file') as File | null)?.name).toBe('logo.png')
    expect(progress).toEqual([0.5])
  })

  it('turns problem documents and network failures into ApiErrors', async () => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest
    reply = {
      status: 422,
      body: JSON.stringify({ type: 'x', title: 'Invalid', status: 422, code: 'unsupported-image-type', errors: { file: ['Not an image.'] } }),
    }
    const file = new File(['gif'], 'logo.gif', { type: 'image/gif' })
    await expect(uploadLogo('org-1', file)).rejects.toMatchObject({ status: 422, code: 'unsupported-image-type' })
    reply = { status: 0, body: '' }
    const error = await uploadLogo('org-1', file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('network')
  })
})
