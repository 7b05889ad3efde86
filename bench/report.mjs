// Renders scripts/bench's measurements as Markdown: BENCHMARKS.md, and a summary on stdout.
//   node bench/report.mjs RESULTS.jsonl META.json OUTPUT.md   (OUTPUT "-": stdout only)
// RESULTS lines: wrk runs {label: "phase|scenario|connections", rps, p50_ms…}, pgbench runs
// {label: "phase|pgbench|clients", tps…}, {hashes, per_second…} (argon2id), {page…} (Chromium)
// and {timing, seconds} per step.
import { readFile, writeFile } from 'node:fs/promises'

const [resultsPath, metaPath, output] = process.argv.slice(2)
if (!resultsPath || !metaPath || !output) {
  console.error('usage: node bench/report.mjs RESULTS.jsonl META.json OUTPUT.md')
  process.exit(2)
}
const meta = JSON.parse(await readFile(metaPath, 'utf8'))
const rows = (await readFile(resultsPath, 'utf8'))
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line))

const runs = rows
  .filter((r) => r.label)
  .map((r) => {
    const [phase, scenario, connections] = r.label.split('|')
    return { ...r, phase, scenario, connections: Number(connections) }
  })
const run = (phase, scenario, connections) =>
  runs.find((r) => r.phase === phase && r.scenario === scenario && r.connections === connections)
const counted = (scenario) => runs.find((r) => r.phase === 'statements' && r.scenario === scenario)
// The argon2id ceiling, measured before and after the logins: held to their mean.
const hashRuns = rows.filter((r) => r.hashes !== undefined)
const ceiling = () => {
  if (!hash) return 'not measured'
  const [before, after] = hash.runs
  const rates = after === undefined ? '' : `, ${fixed(before)}/s before the logins and ${fixed(after)}/s after them`
  return `${int(hash.hashes)} hashes with ${hash.concurrency} at a time${rates}: **${fixed(hash.per_second)}/s**`
}
const hash = hashRuns.length
  ? {
      hashes: hashRuns.reduce((sum, r) => sum + r.hashes, 0),
      per_second: hashRuns.reduce((sum, r) => sum + r.per_second, 0) / hashRuns.length,
      concurrency: hashRuns[0].concurrency,
      runs: hashRuns.map((r) => r.per_second),
    }
  : undefined
const pages = rows.filter((r) => r.page)
const timings = Object.fromEntries(rows.filter((r) => r.timing).map((r) => [r.timing, r.seconds]))
const connectionCounts = [...new Set(runs.filter((r) => r.phase === 'api').map((r) => r.connections))].sort((a, b) => a - b)

const fixed = (n, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits))
const int = (n) => (n === undefined ? '–' : Math.round(n).toLocaleString('en-AU'))
const pct = (n) => (n === undefined || Number.isNaN(n) ? '–' : `${(n * 100).toFixed(0)}%`)
const kb = (n) => (n === undefined ? '–' : `${(n / 1024).toFixed(1)} KB`)
const minutes = (s) => `${Math.floor(s / 60)} min ${s % 60} s`
// Numbers right-aligned: every column but the first, unless `left` says all.
const table = (head, body, left = false) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (left || i === 0 ? '---' : '---:')).join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')
const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**')

const reads = [
  ['session', 'GET /api/v1/auth/session'],
  ['organization', 'GET /api/v1/organizations/{org}'],
  ['members', 'GET /api/v1/organizations/{org}/members'],
  ['documents', 'GET /api/v1/organizations/{org}/documents (first page)'],
]
const writes = [
  ['upload', 'POST /api/v1/organizations/{org}/documents (1 KB text file)'],
  ['login', 'POST /api/v1/auth/login'],
]
const top = Math.max(...connectionCounts)

// --- targets ---
const fastest = reads
  .map(([s]) => run('api', s, top))
  .filter(Boolean)
  .sort((a, b) => b.rps - a.rps)[0]
const readP99 = reads.map(([s]) => run('api', s, top)?.p99_ms).filter((v) => v !== undefined)
const worstReadP99 = readP99.length ? Math.max(...readP99) : undefined
const listVsPg = (c) => {
  const api = run('api', 'documents', c)
  const pg = run('api', 'pgbench', c)
  return api && pg ? api.rps / pg.tps : undefined
}
const loginRps = Math.max(...connectionCounts.map((c) => run('api', 'login', c)?.rps ?? 0))
const loginShare = hash && loginRps ? loginRps / hash.per_second : undefined
// Issue 19's targets are taken at 16 and 64 connections.
const busy = [16, 64].filter((c) => connectionCounts.includes(c))
const loginAt = (c) => {
  const r = run('api', 'login', c)
  return r && hash ? { share: r.rps / hash.per_second, errors: r.errors } : undefined
}
const tailRatio = (scenario, c) => {
  const r = run('api', scenario, c)
  return r ? r.p99_ms / r.p50_ms : undefined
}
const tails = reads.map(([s]) => tailRatio(s, 16)).filter((v) => v !== undefined)
const waits = runs
  .filter((r) => r.phase === 'waits' && r.label.endsWith('|api'))
const waited = (scenario, c) => waits.find((w) => w.scenario === scenario && w.connections === c)
const peerRatio = (c) => {
  const ours = runs.filter((r) => r.phase === 'vs-peer' && r.scenario === 'session' && r.connections === c)
  const theirs = runs.filter((r) => r.phase === 'peer' && r.scenario === 'current' && r.connections === c)
  const mean = (list, f) => list.reduce((a, r) => a + r[f], 0) / list.length
  return ours.length && theirs.length
    ? { ratio: mean(ours, 'rps') / mean(theirs, 'rps'), p99: mean(ours, 'p99_ms'), peerP99: mean(theirs, 'p99_ms') }
    : undefined
}
const growth = (c, field) => {
  const small = run('small', 'documents', c)
  const large = run('large', 'documents', c)
  return small && large ? large[field] / small[field] : undefined
}
const page = (name) => pages.find((p) => p.page === name)
const lcp = ['login', 'dashboard'].map((n) => page(n)?.lcp_ms)
const initialJs = ['login', 'signup'].map((n) => page(n)?.js_transferred)
const benchSeconds = Number(meta.total_seconds) - (timings.build ?? 0) - (timings.peer ?? 0)
const sessionSql = counted('session')
const orgReads = ['organization', 'members', 'documents'].map(counted)
const loginSql = counted('login')

const targets = [
  [`Reads at ${top} connections: p99 under 25 ms`, worstReadP99 === undefined ? '–' : `worst p99 ${fixed(worstReadP99)} ms`, verdict(worstReadP99 === undefined ? undefined : worstReadP99 < 25)],
  [`List documents at ≥ 60% of pgbench's rate (same SQL, ${busy.join(' and ')} connections)`, busy.map((c) => `${pct(listVsPg(c))} at ${c}`).join(', '), verdict(busy.some((c) => listVsPg(c) === undefined) ? undefined : busy.every((c) => listVsPg(c) >= 0.6))],
  [`Login at ≥ 90% of the raw argon2id rate with 0 errors (${busy.join(' and ')} connections)`, busy.map((c) => { const l = loginAt(c); return l ? `${pct(l.share)}, ${int(l.errors)} errors at ${c}` : '–' }).join('; '), verdict(busy.some((c) => !loginAt(c)) ? undefined : busy.every((c) => loginAt(c).share >= 0.9 && loginAt(c).errors === 0))],
  ['Reads at 16 connections: p99 at most 5× p50', tails.length ? `worst ${fixed(Math.max(...tails))}×` : '–', verdict(tails.length ? Math.max(...tails) <= 5 : undefined)],
  ['Session read ≥ 1.2× the Loco peer\'s current-user read, p99 no worse (16 and 64 connections)', busy.map((c) => { const p = peerRatio(c); return p ? `${fixed(p.ratio, 2)}× (p99 ${fixed(p.p99)} vs ${fixed(p.peerP99)} ms) at ${c}` : '–' }).join('; '), verdict(busy.some((c) => !peerRatio(c)) ? undefined : busy.every((c) => peerRatio(c).ratio >= 1.2 && peerRatio(c).p99 <= peerRatio(c).peerP99))],
  [`List latency at ${int(Number(meta.orgs))} organisations within 1.2× of ${meta.small} (p50, 1 connection)`, growth(1, 'p50_ms') === undefined ? '–' : `${fixed(growth(1, 'p50_ms'), 2)}×`, verdict(growth(1, 'p50_ms') === undefined ? undefined : growth(1, 'p50_ms') <= 1.2)],
  ['Page load: LCP under 500 ms (login, dashboard)', lcp.some((v) => v === undefined) ? '–' : lcp.map((v) => `${fixed(v, 0)} ms`).join(', '), verdict(lcp.some((v) => v === undefined) ? undefined : lcp.every((v) => v < 500))],
  ['Initial JavaScript under 250 KB gzipped (login, signup)', initialJs.some((v) => v === undefined) ? '–' : `${initialJs.map(kb).join(', ')} brotli as sent; build report: ${meta.web_size}`, verdict(initialJs.some((v) => v === undefined) ? undefined : initialJs.every((v) => v < 250 * 1024))],
  ['Session read: at most 3 SQL statements', sessionSql ? fixed(sessionSql.statements) : '–', verdict(sessionSql ? sessionSql.statements <= 3.05 : undefined)],
  ['Organisation reads (organisation, members, documents): one transaction each', orgReads.some((r) => !r) ? '–' : orgReads.map((r) => fixed(r.transactions)).join(', '), verdict(orgReads.some((r) => !r) ? undefined : orgReads.every((r) => r.transactions <= 1.05))],
  ['Login: at most 2 transactions', loginSql ? fixed(loginSql.transactions) : '–', verdict(loginSql ? loginSql.transactions <= 2.05 : undefined)],
  [`scripts/bench under 15 minutes at ${int(Number(meta.orgs))} organisations`, `${minutes(benchSeconds)} (+ ${minutes(timings.build ?? 0)} build${timings.peer ? `, + ${minutes(timings.peer)} against the peer` : ""})`, verdict(benchSeconds < 15 * 60)],
]

// --- sections ---
const loadRows = (list) =>
  list.flatMap(([scenario, name]) =>
    connectionCounts.map((c) => {
      const r = run('api', scenario, c)
      return r
        ? [name, c, int(r.rps), fixed(r.p50_ms, 2), fixed(r.p95_ms, 2), fixed(r.p99_ms, 2), int(r.errors)]
        : [name, c, '–', '–', '–', '–', '–']
    }),
  )
const loadHead = ['Request', 'Connections', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'Errors']

function peerSection() {
  const peerRows = busy.flatMap((c) => {
    const ours = runs.filter((r) => r.phase === 'vs-peer' && r.connections === c)
    const theirs = runs.filter((r) => r.phase === 'peer' && r.connections === c)
    return [['session', 'current', 'Vigil GET /api/v1/auth/session', 'Loco GET /api/auth/current'], ['login', 'login', 'Vigil POST /api/v1/auth/login', 'Loco POST /api/auth/login']]
      .flatMap(([o, t, oName, tName]) => [[oName, ours.filter((r) => r.scenario === o)], [tName, theirs.filter((r) => r.scenario === t)]])
      .filter(([, list]) => list.length)
      .map(([name, list]) => [name, c, list.map((r) => int(r.rps)).join(', '), list.map((r) => fixed(r.p50_ms, 2)).join(', '), list.map((r) => fixed(r.p99_ms, 2)).join(', '), int(list.reduce((a, r) => a + r.errors, 0))])
  })
  if (!peerRows.length) return '### Against a peer\n\nNot run (`scripts/bench --peer loco`).'
  return `### Against a peer

The Loco ${meta.peer ?? ''} starter, built from the \`loco\` crate by \`scripts/bench-peer-loco.sh\`
(configuration in its header: same PostgreSQL cluster, a database of its own, a pool of the same
size as Vigil's, warn-level logs, release build with Vigil's profile). Its users registered through
its own API. Interleaved rounds (Vigil, then the peer, for each round), ${meta.duration} s each after a
2 s warm-up; one figure per round. Not the same work: the peer's current-user read checks a JWT
and runs one indexed \`SELECT\` on \`users\` (a token stays valid until it expires, whatever
happens to the account); Vigil's looks the opaque session up (revocable at once), with the
person and every membership with its organisation's security policy under row-level security,
in one statement, and answers the memberships, permissions and CSRF token. Both logins hash
with argon2id at the same parameters; the peer hashes on its async workers without a limit.

${table(['Request', 'Connections', 'req/s per round', 'p50 ms', 'p99 ms', 'Errors'], peerRows)}`
}

const md = `# Benchmarks

Generated by \`${meta.command}\` on ${meta.date} from commit ${meta.commit}. Do not edit: run the
script again (see [How](#how)). Targets are checked here, never asserted in tests.

## Targets

${table(['Target', 'Measured', 'Result'], targets, true)}

## Machine

${table(['', ''], [
  ['CPU', `${meta.cpu} (${meta.cores} cores)`],
  ['Memory', meta.memory],
  ['System', meta.os],
  ['Rust', meta.rustc],
  ['PostgreSQL', meta.postgres],
  ['Load generator', meta.wrk],
  ['Browser', meta.chromium],
], true)}

Server, database, load generator and browser share these cores, all on loopback.

## Data

${table(['Organisations', 'People', 'Documents', 'Compliance results', 'Audit events'], [
  [int(Number(meta.orgs)), int(Number(meta.users)), int(Number(meta.documents)), int(Number(meta.results)), int(Number(meta.audit_events))],
])}

Seeded by \`vigil seed\` (one real argon2id hash shared by every account, a small real file per
document): the first ${meta.small} organisations in ${timings.seed_small ?? '–'} s, the rest in
${timings.seed_large ?? '–'} s, each followed by \`VACUUM ANALYZE\`. Counts are taken at the end,
so they include the documents uploaded by the benchmark.

## API under load

${meta.duration} s per run after a 2 s warm-up; wrk with up to 2 threads; Vigil's database pool
${meta.pool_size ?? '–'} connections. Reads rotate over 64
signed-in owners of organisations spread over the whole data set; uploads are real multipart
uploads (scanned for type, stored, audited); logins rotate over seeded accounts and client
addresses, as different people signing in. Errors are failed connections, timeouts and non-2xx
answers.

### Reads

${table(loadHead, loadRows(reads))}

With ${top} connections that each wait for their answer before asking again, the mean latency
is ${top} ÷ throughput (Little's law) however fair the server is: ${fastest ? `${fixed((top / fastest.rps) * 1000)} ms for the fastest read here (${int(fastest.rps)} req/s)` : '–'}.
A p99 under 25 ms at ${top} connections needs more than ${int(top / 0.025)} requests/s on these cores.

### Writes

${table(loadHead, loadRows(writes))}

### SQL per request

Each request alone on one connection for 3 s with \`pg_stat_statements\` (bench cluster only,
top-level statements of \`vigil_app\`): \`BEGIN\`, \`SET\`, \`COMMIT\` and the pool's
connection checks included. Each is a round trip, except that a transaction's \`BEGIN\` and its
tenant context travel in one message (two statements here); transactions are the explicit ones
(\`BEGIN\`), besides which each statement sent on its own is its own. The background worker's
polling, counted over 3 s without requests, is subtracted.

${table(['Request', 'SQL statements', 'Transactions'], [...reads, ...writes].map(([scenario, name]) => {
  const r = counted(scenario)
  return [name, fixed(r?.statements), fixed(r?.transactions)]
}))}

### Where requests wait

For each run above, two scrapes of Vigil's \`/metrics\` around it: the server's own latency for
the route (request to response headers; the rest of wrk's figure is the kernel, the HTTP worker's
accept queue and wrk itself on the same cores), and the database calls by phase
(\`vigil_db_phase_seconds\`): *queue*, waiting for a free pooled connection; *handoff*, waiting
for a blocking thread; *checkout*; *work*, the statements themselves; *pipelined*, a session
lookup sent by the HTTP worker down its own connection (no queue, hand-off or checkout). Means,
and p99 as the upper bound of its histogram bucket, in ms; calls per request is pool calls
(work) plus pipelined ones, ÷ requests.

${waits.length ? table(['Request', 'Connections', 'wrk p50 / p99', 'server mean / p99', 'DB calls per request', 'queue', 'handoff', 'checkout', 'work', 'pipelined'], [...reads, ...writes].flatMap(([scenario, name]) => connectionCounts.map((c) => {
  const w = waited(scenario, c)
  const r = run('api', scenario, c)
  const both = (m) => (m && m.count ? `${fixed(m.mean_ms, 2)} / ${fixed(m.p99_ms, 2)}` : '–')
  const pipelined = w?.phases.pipelined
  const calls = w ? w.phases.work.count + (pipelined?.count ?? 0) : 0
  return w && r ? [name, c, `${fixed(r.p50_ms, 2)} / ${fixed(r.p99_ms, 2)}`, both(w.server), fixed(calls / Math.max(1, r.requests), 2), both(w.phases.queue), both(w.phases.handoff), both(w.phases.checkout), both(w.phases.work), both(pipelined)] : undefined
})).filter(Boolean)) : 'Not measured.'}

${peerSection()}

## Against the limits

**List documents vs. PostgreSQL.** pgbench runs the statements the API runs for the first page
(\`vigil bench list-documents-sql\`: \`BEGIN\` and the tenant context in one round trip, the
page of 25 with its count as one statement, \`COMMIT\`, as \`vigil_app\` under row-level security; \`pgbench -M prepared\`, so
it keeps its plans as the API does), for the same 64 organisations.

${table(['Connections', 'pgbench tx/s', 'pgbench latency ms', 'API req/s', 'API / pgbench'], connectionCounts.map((c) => {
  const pg = run('api', 'pgbench', c)
  const api = run('api', 'documents', c)
  return [c, int(pg?.tps), fixed(pg?.latency_ms, 2), int(api?.rps), pct(listVsPg(c))]
}))}

**Login vs. argon2id.** \`vigil bench hash-rate\` verifies a password with the server's
parameters (argon2id, 19 MiB, t = 2) and concurrency limit for ${meta.duration} s per run:
${ceiling()}.
The best login rate above is ${fixed(loginRps)}/s, ${pct(loginShare)} of it.

**Organisations.** The documents list for the same ${meta.small} owners, with ${meta.small} organisations in
the database and again with ${int(Number(meta.orgs))}:

${table(['Connections', `p50 ms (${meta.small})`, `p50 ms (${int(Number(meta.orgs))})`, 'p50 ratio', `p99 ms (${meta.small})`, `p99 ms (${int(Number(meta.orgs))})`, `req/s (${meta.small})`, `req/s (${int(Number(meta.orgs))})`], [1, 16].map((c) => {
  const s = run('small', 'documents', c)
  const l = run('large', 'documents', c)
  return [c, fixed(s?.p50_ms, 2), fixed(l?.p50_ms, 2), growth(c, 'p50_ms') === undefined ? '–' : `${fixed(growth(c, 'p50_ms'), 2)}×`, fixed(s?.p99_ms, 2), fixed(l?.p99_ms, 2), int(s?.rps), int(l?.rps)]
}))}

## Page load

Chromium (headless) against the release server, a fresh context (cold cache) per load, median
of ${pages[0]?.runs ?? '–'} loads. Sizes are what went over the wire (brotli, precompressed at
build time) and, in brackets, the decoded size. *Initial* counts what was requested before the
largest contentful paint, what the page needs to show; the signup page loads its password
strength dictionaries after that. The dashboard is signed in and waits for its data.

${pages.length ? table(['Page', 'DOMContentLoaded ms', 'load ms', 'LCP ms', 'Initial JavaScript', 'Initial CSS', 'All JavaScript once idle'], pages.map((p) => [
  `${p.page} (\`${p.path}\`)`, fixed(p.dcl_ms, 0), fixed(p.load_ms, 0), fixed(p.lcp_ms, 0),
  `${kb(p.js_transferred)} (${kb(p.js_decoded)}, ${p.js_files} files)`,
  `${kb(p.css_transferred)} (${kb(p.css_decoded)}, ${p.css_files} files)`,
  `${kb(p.all_js_transferred)} (${p.all_js_files} files)`,
])) : 'Skipped (--no-page-load).'}

## How

\`\`\`sh
${meta.command}
\`\`\`

It builds \`vigil\` with \`--release\` and the web app, creates a private PostgreSQL cluster under
\`.data/bench\` (\`shared_buffers = 1GB\`, otherwise defaults; deleted afterwards unless
\`--keep\`), seeds ${meta.small} organisations, measures the documents list, seeds the rest, and runs
everything above against \`vigil serve\` with its defaults (one HTTP worker and one argon2id
hash per core, ${meta.pool_size ?? '–'} database connections, local-disk storage, console email, \`VIGIL_LOG=warn\`,
\`VIGIL_TRUSTED_PROXIES=127.0.0.1/32\` so the login test's client addresses count). Options:
\`--organizations\`, \`--users-per-org\`, \`--documents-per-org\`, \`--duration\`, \`--no-page-load\`,
\`--peer loco\`, \`--output\`. Steps took: ${Object.entries(timings).map(([k, v]) => `${k.replace('_', ' ')} ${v} s`).join(', ')}; in all
${minutes(Number(meta.total_seconds))}.
`

if (output !== '-') await writeFile(output, md)
console.log(md.slice(md.indexOf('## Targets'), md.indexOf('## Machine')).trim())
if (output !== '-') console.log(`\nWrote ${output}.`)
else console.log(md)
