import { useCallback, useEffect, useRef, useState } from 'react'
import { formatBytes } from '@/lib/format'
import { ApiError } from '@/lib/api/problem'
import { uploadDocument, useDocumentsUploaded } from '../api/upload-document'
import { isRetryable, parseSizeLimit, uploadErrorMessage } from './upload-errors'

export type UploadStatus = 'uploading' | 'checking' | 'done' | 'failed'

export interface UploadItem {
  id: string
  name: string
  size: number
  /** 0–100, bytes sent. */
  progress: number
  status: UploadStatus
  error?: string
  retryable: boolean
  documentId?: string
}

let counter = 0

/** Uploads files one request each, tracking progress, results and errors per file. */
export function useUploads(orgId: string) {
  const [items, setItems] = useState<UploadItem[]>([])
  const files = useRef(new Map<string, File>())
  const controllers = useRef(new Map<string, AbortController>())
  // Learned from a 413 answer, so later files over the limit fail at once.
  const sizeLimit = useRef<number | null>(null)
  const uploaded = useDocumentsUploaded(orgId)

  useEffect(() => {
    const running = controllers.current
    return () => {
      for (const controller of running.values()) controller.abort()
    }
  }, [])

  const update = useCallback((id: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)))
  }, [])

  const run = useCallback(
    (id: string, file: File) => {
      const limit = sizeLimit.current
      if (limit !== null && file.size > limit) {
        update(id, {
          status: 'failed',
          retryable: false,
          error: `This file is too large: the limit is ${formatBytes(limit)}.`,
        })
        return
      }
      const controller = new AbortController()
      controllers.current.set(id, controller)
      uploadDocument(orgId, file, {
        signal: controller.signal,
        onProgress: (fraction) =>
          update(id, { progress: Math.round(fraction * 100), status: fraction >= 1 ? 'checking' : 'uploading' }),
      })
        .then((document) => {
          update(id, { status: 'done', progress: 100, documentId: document.id })
          void uploaded()
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 413) {
            sizeLimit.current = parseSizeLimit(error.problem?.detail) ?? sizeLimit.current
          }
          update(id, { status: 'failed', error: uploadErrorMessage(error), retryable: isRetryable(error) })
        })
        .finally(() => controllers.current.delete(id))
    },
    [orgId, update, uploaded],
  )

  /** Starts uploading files the picker accepted. */
  const add = useCallback(
    (accepted: File[]) => {
      const added = accepted.map((file) => {
        counter += 1
        const id = `upload-${counter}`
        files.current.set(id, file)
        return { id, name: file.name, size: file.size, progress: 0, status: 'uploading' as const, retryable: false }
      })
      setItems((current) => [...added, ...current])
      for (const item of added) {
        const file = files.current.get(item.id)
        if (file) run(item.id, file)
      }
    },
    [run],
  )

  /** Lists files refused before upload (wrong type), with the reason. */
  const refuse = useCallback((refused: { name: string; size: number; reason: string }[]) => {
    const added = refused.map((file) => {
      counter += 1
      return {
        id: `upload-${counter}`,
        name: file.name,
        size: file.size,
        progress: 0,
        status: 'failed' as const,
        error: file.reason,
        retryable: false,
      }
    })
    setItems((current) => [...added, ...current])
  }, [])

  const cancel = useCallback((id: string) => controllers.current.get(id)?.abort(), [])

  const retry = useCallback(
    (id: string) => {
      const file = files.current.get(id)
      if (!file) return
      update(id, { status: 'uploading', progress: 0, error: undefined, retryable: false })
      run(id, file)
    },
    [run, update],
  )

  const dismiss = useCallback((id: string) => {
    files.current.delete(id)
    setItems((current) => current.filter((item) => item.id !== id))
  }, [])

  const clearFinished = useCallback(() => {
    setItems((current) => {
      const keep = current.filter((item) => item.status === 'uploading' || item.status === 'checking')
      for (const item of current) if (!keep.includes(item)) files.current.delete(item.id)
      return keep
    })
  }, [])

  return { items, add, refuse, cancel, retry, dismiss, clearFinished }
}
