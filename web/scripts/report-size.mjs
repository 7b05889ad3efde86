// Prints the JavaScript and CSS the signup page needs before it can render, gzipped
// (the entry chunk, its static imports and the signup route's lazy chunk).
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'

const dist = new URL('../dist/', import.meta.url)
const manifest = JSON.parse(await readFile(new URL('.vite/manifest.json', dist), 'utf8'))
const LIMIT_KB = 250

const seen = new Set()
function collect(key) {
  const chunk = manifest[key]
  if (!chunk || seen.has(key)) return
  seen.add(key)
  for (const child of chunk.imports ?? []) collect(child)
}
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)
collect(entry)
const signup = Object.keys(manifest).find((k) => /features\/auth\/routes\/Signup/i.test(k))
if (signup) collect(signup)

let js = 0
let css = 0
for (const key of seen) {
  const chunk = manifest[key]
  js += gzipSync(await readFile(new URL(chunk.file, dist))).length
  for (const file of chunk.css ?? []) css += gzipSync(await readFile(new URL(file, dist))).length
}
const kb = (n) => (n / 1024).toFixed(1)
console.log(`signup page initial load (gzip): JavaScript ${kb(js)} KB, CSS ${kb(css)} KB (${seen.size} chunks)`)
if (js / 1024 > LIMIT_KB) {
  console.error(`initial JavaScript for the signup page is over ${LIMIT_KB} KB gzipped`)
  process.exit(1)
}
