import { ApiError, errorMessage } from '@/lib/api/problem'
import { formatBytes } from '@/lib/format'
import { UploadAbortedError } from '../api/upload-document'

/** The size limit named in a 413 problem ("… the limit is 50 MB."), in bytes. */
export function parseSizeLimit(detail: string | null | undefined): number | null {
  const match = /limit is ([\d.]+)\s*(MB|KB|bytes|B)\b/i.exec(detail ?? '')
  if (!match?.[1] || !match[2]) return null
  const value = Number(match[1])
  if (!Number.isFinite(value) || value <= 0) return null
  const unit = match[2].toUpperCase()
  const factor = unit === 'MB' ? 1024 * 1024 : unit === 'KB' ? 1024 : 1
  return Math.round(value * factor)
}

/** Why one file was not uploaded, in words. */
export function uploadErrorMessage(error: unknown): string {
  if (error instanceof UploadAbortedError) return 'Upload cancelled.'
  if (error instanceof ApiError) {
    if (error.code === 'payload-too-large' || error.status === 413) {
      const limit = parseSizeLimit(error.problem?.detail)
      return limit
        ? `This file is too large: the limit is ${formatBytes(limit)}.`
        : 'This file is larger than Vigil accepts.'
    }
    if (error.status === 0) {
      return 'The upload did not finish because the connection was lost. Check your connection and try again. (A file over the size limit can also end this way.)'
    }
  }
  return errorMessage(error)
}

/** Whether trying the same file again might work (the scanner or network was down). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof UploadAbortedError) return true
  return error instanceof ApiError && (error.status === 0 || error.status >= 500 || error.status === 429)
}
