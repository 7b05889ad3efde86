// Fails when src/lib/api/schema.ts does not match openapi/openapi.json (run `npm run gen:api`).
import { readFile } from 'node:fs/promises'
import openapiTS, { astToString } from 'openapi-typescript'

const spec = new URL('../../openapi/openapi.json', import.meta.url)
const committed = await readFile(new URL('../src/lib/api/schema.ts', import.meta.url), 'utf8')
const generated = astToString(await openapiTS(spec))

// The CLI adds a banner; compare the type declarations only.
const body = (text) => text.slice(text.indexOf('export '))
if (body(committed).trim() !== body(generated).trim()) {
  console.error('src/lib/api/schema.ts is stale: run `npm run gen:api` in web/ and commit it.')
  process.exit(1)
}
console.log('API types match openapi/openapi.json')
