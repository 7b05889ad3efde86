/** The authenticator secret in groups of four, easier to type by hand. */
export function formatSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ')
}

/** The contents of the downloadable recovery-codes file. */
export function recoveryCodesText(codes: string[], email: string, generated: string): string {
  return [
    `Vigil recovery codes for ${email}`,
    `Generated ${generated}`,
    '',
    'Each code works once. Use one to sign in, instead of a code from your authenticator app,',
    'if you lose the device it is on. Keep this file somewhere safe, such as a password manager.',
    'Generating new codes makes these stop working.',
    '',
    ...codes,
    '',
  ].join('\n')
}

/** Saves text as a file through the browser's download. */
export function downloadTextFile(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
