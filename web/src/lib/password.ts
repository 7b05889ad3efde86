// The server's password rules (identity/password.rs), checked as the person types.
// zxcvbn's dictionaries are large, so they load on first use, not with the page.

export const PASSWORD_MIN_LENGTH = 15
export const PASSWORD_MAX_LENGTH = 256
const REQUIRED_SCORE = 3

export interface PasswordVerdict {
  /** 0–4, zxcvbn's scale; null before the estimator has loaded. */
  score: number | null
  ok: boolean
  /** The first rule that fails, in words; null when acceptable. */
  problem: string | null
  suggestions: string[]
}

type Estimator = (password: string, userInputs: string[]) => {
  score: number
  feedback: { warning: string | null; suggestions: string[] }
}

let estimator: Promise<Estimator> | null = null

export function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ])
    const zxcvbn = new ZxcvbnFactory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
    })
    return (password: string, userInputs: string[]) => zxcvbn.check(password, userInputs)
  })()
  return estimator
}

/** Words the server refuses inside a password: "vigil", names, email, organisation. */
export function contextWords(values: string[]): string[] {
  const words = new Set<string>(['vigil'])
  for (const raw of values) {
    const value = raw.trim().toLowerCase()
    if (!value) continue
    const at = value.indexOf('@')
    if (at >= 3) words.add(value.slice(0, at))
    for (const word of value.split(/[^\p{L}\p{N}]+/u)) {
      if ([...word].length >= 4) words.add(word)
    }
  }
  return [...words]
}

/** Length and context rules, which need no dictionary. */
export function basicProblem(password: string, context: string[]): string | null {
  const length = [...password.normalize('NFC')].length
  if (length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters (you have ${length}). A few unrelated words make a long password that is easy to remember.`
  }
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`
  const lower = password.toLowerCase()
  const word = context.find((w) => lower.includes(w))
  if (word) {
    return word === 'vigil'
      ? "Don't build your password from the name of this service."
      : `Don't build your password from "${word}" (from your name, email or organisation).`
  }
  return null
}

export function judgePassword(
  password: string,
  context: string[],
  estimate: Estimator | null,
): PasswordVerdict {
  const basic = basicProblem(password, context)
  if (!estimate) return { score: null, ok: basic === null, problem: basic, suggestions: [] }
  const result = estimate(password.slice(0, 100), context)
  const tooWeak = result.score < REQUIRED_SCORE
  const problem =
    basic ??
    (tooWeak
      ? `This password is too easy to guess.${result.feedback.warning ? ` ${result.feedback.warning}` : ''} Try adding another unusual word.`
      : null)
  return {
    score: result.score,
    ok: problem === null,
    problem,
    suggestions: result.feedback.suggestions,
  }
}
