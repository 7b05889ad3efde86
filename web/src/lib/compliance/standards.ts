import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type Standard = Schemas['Standard']

export function listStandards(orgId: string): Promise<Standard[]> {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/compliance-standards', { params: { path: { org_id: orgId } } }),
  ).then((list) => list.items)
}

export function standardsQuery(orgId: string) {
  return queryOptions({
    queryKey: ['organizations', orgId, 'compliance-standards'] as const,
    queryFn: () => listStandards(orgId),
    // The catalogue changes with releases, not during a visit.
    staleTime: Infinity,
  })
}

/** The standards a result can be recorded against, with their plain-English names. */
export function useStandards(orgId: string) {
  return useQuery(standardsQuery(orgId))
}

/** How a result's standard reads: its name when the catalogue has one, else its code. */
export function standardLabel(result: { standard: string; standard_name?: string | null }): string {
  return result.standard_name ?? result.standard
}

/** Select options grouped by framework; a code missing from the catalogue keeps its own entry. */
export function standardOptions(
  standards: readonly Standard[],
  extra?: string | null,
): { group: string; items: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>()
  for (const standard of standards) {
    const items = groups.get(standard.framework) ?? []
    items.push({ value: standard.code, label: standard.name })
    groups.set(standard.framework, items)
  }
  const out = [...groups].map(([group, items]) => ({ group, items }))
  if (extra && !standards.some((s) => s.code === extra)) {
    out.push({ group: 'Other', items: [{ value: extra, label: extra }] })
  }
  return out
}
