import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { csrfHeaders } from '@/lib/api/client'
import { ApiError, apiErrorFrom } from '@/lib/api/problem'
import { documentsKey, type DocumentResponse } from './list-documents'

/** The multipart field the API reads (documents/routes.rs). */
export const UPLOAD_FIELD = 'file'

export interface UploadOptions {
  /** Share of the file sent so far, 0 to 1. */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
}

/** The person cancelled the upload. */
export class UploadAbortedError extends Error {
  constructor() {
    super('The upload was cancelled.')
    this.name = 'UploadAbortedError'
  }
}

export function uploadUrl(orgId: string): string {
  return `/api/v1/organizations/${encodeURIComponent(orgId)}/documents`
}

/** The response body as JSON, or null when it is not JSON. */
export function parseBody(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

function isDocument(value: unknown): value is DocumentResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    typeof (value as { name?: unknown }).name === 'string'
  )
}

/**
 * Uploads one file as multipart/form-data with XMLHttpRequest (fetch cannot report upload
 * progress). Resolves with the stored document; rejects with an ApiError (status 0 when the
 * network failed) or an UploadAbortedError.
 */
export function uploadDocument(orgId: string, file: File, { onProgress, signal }: UploadOptions = {}): Promise<DocumentResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadAbortedError())
      return
    }
    const xhr = new XMLHttpRequest()
    xhr.open('POST', uploadUrl(orgId))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(Math.min(1, event.loaded / event.total))
    }
    xhr.onload = () => {
      const body = parseBody(xhr.responseText)
      if (xhr.status >= 200 && xhr.status < 300 && isDocument(body)) {
        onProgress?.(1)
        resolve(body)
      } else {
        reject(apiErrorFrom(xhr.status, body))
      }
    }
    xhr.onerror = () => reject(new ApiError(0, null))
    xhr.ontimeout = () => reject(new ApiError(0, null))
    xhr.onabort = () => reject(new UploadAbortedError())
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    const form = new FormData()
    form.append(UPLOAD_FIELD, file, file.name)
    xhr.send(form)
  })
}

/** Refreshes the document lists (and the dashboard's counts) after uploads. */
export function useDocumentsUploaded(orgId: string): () => Promise<void> {
  const client = useQueryClient()
  return useCallback(async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: [...documentsKey(orgId), 'list'] }),
      client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
    ])
  }, [client, orgId])
}
