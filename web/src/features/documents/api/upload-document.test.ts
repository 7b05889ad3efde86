import { setCsrfToken } from '@/lib/api/client'
import { ApiError } from '@/lib/api/problem'
import { parseBody, uploadDocument, UploadAbortedError, uploadUrl } from './upload-document'

type Handler = ((event: ProgressEvent) => void) | null

/** Just enough of XMLHttpRequest for uploadDocument. */
class FakeXhr {
  static last: FakeXhr | null = null
  method = ''
  url = ''
  withCredentials = false
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  responseText = ''
  upload: { onprogress: Handler } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  ontimeout: (() => void) | null = null
  onabort: (() => void) | null = null
  aborted = false

  constructor() {
    FakeXhr.last = this
  }
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value
  }
  send(body: FormData) {
    this.body = body
  }
  abort() {
    this.aborted = true
    this.onabort?.()
  }
  // Test helpers
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent)
  }
  respond(status: number, body: unknown) {
    this.status = status
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body)
    this.onload?.()
  }
}

function current(): FakeXhr {
  if (!FakeXhr.last) throw new Error('no request was made')
  return FakeXhr.last
}

const document = {
  id: '6d1c3f4e-0000-4000-8000-000000000001',
  name: 'policy.pdf',
  kind: 'pdf',
  content_type: 'application/pdf',
  size_bytes: 12,
  sha256: 'ab',
  created_at: '2026-11-24T00:00:00Z',
}

beforeEach(() => {
  FakeXhr.last = null
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  setCsrfToken('csrf-123')
})

afterEach(() => {
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('uploadDocument', () => {
  it('posts the file as the `file` field with the CSRF header and reports progress', async () => {
    const file = new File(['hello world!'], 'policy.pdf', { type: 'application/pdf' })
    const progress: number[] = []
    const promise = uploadDocument('org-1', file, { onProgress: (f) => progress.push(f) })
    const xhr = current()
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('/api/v1/organizations/org-1/documents')
    expect(xhr.withCredentials).toBe(true)
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-123')
    const sent = xhr.body?.get('file')
    expect(sent).toBeInstanceOf(File)
    expect((sent as File).name).toBe('policy.pdf')
    xhr.progress(6, 12)
    xhr.respond(201, document)
    await expect(promise).resolves.toMatchObject({ id: document.id, name: 'policy.pdf' })
    expect(progress).toEqual([0.5, 1])
  })

  it('rejects with the problem of a refused upload', async () => {
    const promise = uploadDocument('org-1', new File(['x'], 'a.exe'))
    current().respond(422, {
      type: 'urn:vigil:problem:unsupported-document-type',
      title: 'Validation failed',
      status: 422,
      code: 'unsupported-document-type',
      detail: 'Upload a PDF…',
      errors: { file: ['Upload a PDF…'] },
    })
    const error = await promise.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(422)
    expect((error as ApiError).code).toBe('unsupported-document-type')
  })

  it('keeps the status when the body is not JSON', async () => {
    const promise = uploadDocument('org-1', new File(['x'], 'a.pdf'))
    current().respond(502, '<html>Bad gateway</html>')
    const error = await promise.catch((e: unknown) => e)
    expect((error as ApiError).code).toBe('http-502')
  })

  it('reports a network failure as status 0', async () => {
    const promise = uploadDocument('org-1', new File(['x'], 'a.pdf'))
    current().onerror?.()
    const error = await promise.catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(0)
    expect((error as ApiError).code).toBe('network')
  })

  it('aborts when the signal fires', async () => {
    const controller = new AbortController()
    const promise = uploadDocument('org-1', new File(['x'], 'a.pdf'), { signal: controller.signal })
    controller.abort()
    await expect(promise).rejects.toBeInstanceOf(UploadAbortedError)
    expect(current().aborted).toBe(true)
  })

  it('does not start when already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(uploadDocument('org-1', new File(['x'], 'a.pdf'), { signal: controller.signal })).rejects.toBeInstanceOf(
      UploadAbortedError,
    )
    expect(FakeXhr.last).toBeNull()
  })
})

describe('helpers', () => {
  it('encodes the organisation id', () => {
    expect(uploadUrl('a/b')).toBe('/api/v1/organizations/a%2Fb/documents')
  })
  it('parses JSON bodies or gives null', () => {
    expect(parseBody('{"a":1}')).toEqual({ a: 1 })
    expect(parseBody('nope')).toBeNull()
    expect(parseBody('')).toBeNull()
  })
})
