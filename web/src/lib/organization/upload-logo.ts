import { useMutation, useQueryClient } from '@tanstack/react-query'
import { csrfHeaders } from '@/lib/api/client'
import { apiErrorFrom } from '@/lib/api/problem'
import { useOrganizationChanged } from './cache'
import { organizationKey } from './get-organization'
import type { Organization } from './profile'

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/**
 * PUT the logo as multipart (field `file`) with XHR, for upload progress (0 to 1).
 * Resolves with the organisation and its new `logo_url`; rejects with an ApiError.
 */
export function uploadLogo(orgId: string, file: File, onProgress?: (fraction: number) => void): Promise<Organization> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', `/api/v1/organizations/${encodeURIComponent(orgId)}/logo`)
    xhr.withCredentials = true
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      const body = parseJson(xhr.responseText)
      if (xhr.status >= 200 && xhr.status < 300 && body !== null) {
        resolve(body as Organization)
      } else {
        reject(apiErrorFrom(xhr.status, body))
      }
    }
    xhr.onerror = () => reject(apiErrorFrom(0, null))
    xhr.onabort = () => reject(apiErrorFrom(0, null))
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

/** Uploads (or replaces) the logo; completes onboarding step 4. */
export function useUploadLogo(orgId: string) {
  const client = useQueryClient()
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress?: (fraction: number) => void }) =>
      uploadLogo(orgId, file, onProgress),
    onSuccess: async (org) => {
      client.setQueryData(organizationKey(orgId), org)
      await changed(orgId)
    },
  })
}
