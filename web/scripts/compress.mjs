// Writes brotli (.br) and gzip (.gz) copies of the built assets, which the server sends to
// browsers that accept them: compressed once here at the highest levels, never per request.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const assets = new URL('../dist/assets/', import.meta.url)
const compressible = /\.(js|css|svg|json|txt|map)$/
// Below this, headers outweigh the saving.
const MIN_BYTES = 1024

let files = 0
let before = 0
let after = 0
for (const name of await readdir(assets)) {
  if (!compressible.test(name)) continue
  const source = await readFile(new URL(name, assets))
  if (source.length < MIN_BYTES) continue
  const br = brotliCompressSync(source, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
    },
  })
  await writeFile(new URL(`${name}.br`, assets), br)
  await writeFile(new URL(`${name}.gz`, assets), gzipSync(source, { level: 9 }))
  files += 1
  before += source.length
  after += br.length
}
const kb = (n) => (n / 1024).toFixed(1)
console.log(`precompressed ${files} assets: ${kb(before)} KB → ${kb(after)} KB brotli`)
