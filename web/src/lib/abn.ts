// Australian Business Number: 11 digits, modulus 89 (the ATO's published algorithm).
const WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]

export function normalizeAbn(input: string): string {
  return input.replace(/\s+/g, '')
}

/** null when valid; otherwise which rule failed, in words. */
export function abnProblem(input: string): string | null {
  const abn = normalizeAbn(input)
  if (!/^\d+$/.test(abn)) return 'An ABN has digits only (spaces are fine).'
  if (abn.length !== 11) return `An ABN has 11 digits (this has ${abn.length}).`
  const digits = abn.split('').map(Number)
  digits[0] = (digits[0] ?? 0) - 1
  const sum = digits.reduce((total, digit, i) => total + digit * (WEIGHTS[i] ?? 0), 0)
  if (sum % 89 !== 0) return 'This is not a valid ABN: its check digits do not match. Check for a typo.'
  return null
}

/** Groups as the ATO prints it: 51 824 753 556. */
export function formatAbn(input: string): string {
  const abn = normalizeAbn(input)
  if (abn.length !== 11) return input
  return `${abn.slice(0, 2)} ${abn.slice(2, 5)} ${abn.slice(5, 8)} ${abn.slice(8)}`
}
