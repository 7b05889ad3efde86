// Where one wrk run's requests waited, from two scrapes of Vigil's /metrics around it.
//   node bench/waits.mjs BEFORE.txt AFTER.txt LABEL ROUTE
// Prints one JSON line {label, server: {count, mean_ms, p99_ms}, phases: {queue|handoff|
// checkout|work|pipelined: {count, mean_ms, p99_ms}}}: the server's own latency for ROUTE (from request
// to response headers) and each database phase (vigil_db_phase_seconds). p99 is the upper
// bound of the histogram bucket it falls in.
import { readFile } from 'node:fs/promises'

const [beforePath, afterPath, label, route] = process.argv.slice(2)
if (!beforePath || !afterPath || !label || !route) {
  console.error('usage: node bench/waits.mjs BEFORE.txt AFTER.txt LABEL ROUTE')
  process.exit(2)
}

// series name + labels -> value, for the samples of one histogram
const samples = async (path, name) => {
  const found = new Map()
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.startsWith(name)) continue
    const space = line.lastIndexOf(' ')
    found.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  return found
}

// The histogram with labels `match` (e.g. 'phase="work"'), as the difference between scrapes.
const histogram = (before, after, name, match) => {
  const delta = (key) => (after.get(key) ?? 0) - (before.get(key) ?? 0)
  const keys = [...after.keys()].filter((k) => k.includes(match))
  const count = delta(keys.find((k) => k.startsWith(`${name}_count`)))
  const sum = delta(keys.find((k) => k.startsWith(`${name}_sum`)))
  const buckets = keys
    .filter((k) => k.startsWith(`${name}_bucket`))
    .map((k) => ({ le: Number(k.match(/le="([^"]+)"/)[1]), n: delta(k) }))
    .sort((a, b) => a.le - b.le)
  const p99 = buckets.find((b) => b.n >= count * 0.99)?.le
  return {
    count,
    mean_ms: count > 0 ? (sum / count) * 1000 : undefined,
    p99_ms: count > 0 && Number.isFinite(p99) ? p99 * 1000 : undefined,
  }
}

const name = 'vigil_db_phase_seconds'
const [dbBefore, dbAfter] = await Promise.all([samples(beforePath, name), samples(afterPath, name)])
const phases = Object.fromEntries(
  ['queue', 'handoff', 'checkout', 'work', 'pipelined'].map((p) => [p, histogram(dbBefore, dbAfter, name, `phase="${p}"`)]),
)
const http = 'vigil_http_request_duration_seconds'
const [httpBefore, httpAfter] = await Promise.all([samples(beforePath, http), samples(afterPath, http)])
const server = histogram(httpBefore, httpAfter, http, `route="${route}"`)
console.log(JSON.stringify({ label, server, phases }))
