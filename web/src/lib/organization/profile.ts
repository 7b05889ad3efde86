import type { Schemas } from '@/lib/api/client'
import { abnProblem, formatAbn, normalizeAbn } from '@/lib/abn'

export type Organization = Schemas['OrganizationResponse']
export type UpdateOrganizationBody = Schemas['UpdateOrganizationRequest']

/** Australian states and territories, as the API spells them. */
export const AU_STATES = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'] as const
export type AuState = (typeof AU_STATES)[number]

export interface TimeZoneOption {
  value: string
  label: string
}

/** The IANA zones of mainland Australia and Tasmania (plus Lord Howe and Eucla). */
export const AU_TIME_ZONES: readonly TimeZoneOption[] = [
  { value: 'Australia/Sydney', label: 'Sydney, Canberra (NSW, ACT)' },
  { value: 'Australia/Melbourne', label: 'Melbourne (VIC)' },
  { value: 'Australia/Brisbane', label: 'Brisbane (QLD)' },
  { value: 'Australia/Lindeman', label: 'Whitsunday Islands (QLD)' },
  { value: 'Australia/Adelaide', label: 'Adelaide (SA)' },
  { value: 'Australia/Broken_Hill', label: 'Broken Hill (NSW)' },
  { value: 'Australia/Darwin', label: 'Darwin (NT)' },
  { value: 'Australia/Hobart', label: 'Hobart (TAS)' },
  { value: 'Australia/Perth', label: 'Perth (WA)' },
  { value: 'Australia/Eucla', label: 'Eucla (WA)' },
  { value: 'Australia/Lord_Howe', label: 'Lord Howe Island (NSW)' },
]

export const DEFAULT_TIME_ZONE = 'Australia/Sydney'

/**
 * Options for the time zone select, labelled with the zone name; an organisation already on
 * a zone outside the list keeps it as an option so the select shows what is saved.
 */
export function timeZoneOptions(current?: string | null): TimeZoneOption[] {
  const options = AU_TIME_ZONES.map((zone) => ({ value: zone.value, label: `${zone.label} — ${zone.value}` }))
  if (current && !AU_TIME_ZONES.some((zone) => zone.value === current)) {
    options.push({ value: current, label: current })
  }
  return options
}

/** The profile form: flat, named like the API's request fields (so server errors land as is). */
export interface ProfileValues {
  name: string
  abn: string
  address_line1: string
  address_line2: string
  suburb: string
  state: string
  postcode: string
  contact_email: string
  contact_phone: string
  time_zone: string
}

export const PROFILE_FIELDS: readonly (keyof ProfileValues)[] = [
  'name',
  'abn',
  'address_line1',
  'address_line2',
  'suburb',
  'state',
  'postcode',
  'contact_email',
  'contact_phone',
  'time_zone',
]

/** Server field paths that differ from the form's (the response nests the address). */
export const PROFILE_ERROR_RENAMES: Record<string, string> = {
  'address.line1': 'address_line1',
  'address.line2': 'address_line2',
  'address.suburb': 'suburb',
  'address.state': 'state',
  'address.postcode': 'postcode',
  line1: 'address_line1',
  line2: 'address_line2',
}

export function profileValuesFrom(org: Organization): ProfileValues {
  return {
    name: org.name,
    abn: org.abn ? formatAbn(org.abn) : '',
    address_line1: org.address.line1 ?? '',
    address_line2: org.address.line2 ?? '',
    suburb: org.address.suburb ?? '',
    state: org.address.state ?? '',
    postcode: org.address.postcode ?? '',
    contact_email: org.contact_email ?? '',
    contact_phone: org.contact_phone ?? '',
    time_zone: org.time_zone || DEFAULT_TIME_ZONE,
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** The PATCH body: every field sent; blank optional fields become null (cleared). */
export function profileBody(values: ProfileValues): UpdateOrganizationBody {
  const abn = optional(values.abn)
  return {
    name: values.name.trim(),
    abn: abn === null ? null : normalizeAbn(abn),
    address_line1: optional(values.address_line1),
    address_line2: optional(values.address_line2),
    suburb: optional(values.suburb),
    state: optional(values.state),
    postcode: optional(values.postcode),
    contact_email: optional(values.contact_email),
    contact_phone: optional(values.contact_phone),
    time_zone: values.time_zone.trim() || DEFAULT_TIME_ZONE,
  }
}

// Client-side checks mirror the server's rules so most mistakes show before saving; the
// server stays the authority (e.g. postcode ranges per state, ABN already registered).

export function nameProblem(value: string): string | null {
  const name = value.trim()
  if (name.length === 0) return 'Enter the organisation name.'
  if (name.length < 2) return 'The organisation name needs at least 2 characters.'
  if (name.length > 200) return 'The organisation name can have at most 200 characters.'
  return null
}

export function optionalAbnProblem(value: string): string | null {
  return value.trim() === '' ? null : abnProblem(value)
}

export function postcodeProblem(value: string): string | null {
  const postcode = value.trim()
  if (postcode === '') return null
  return /^\d{4}$/.test(postcode) ? null : 'A postcode has exactly 4 digits, e.g. 2000 or 0800.'
}

export function emailProblem(value: string): string | null {
  const email = value.trim()
  if (email === '') return null
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : 'Enter an email address like admin@clinic.com.au.'
}

export function phoneProblem(value: string): string | null {
  const phone = value.trim()
  if (phone === '') return null
  const digits = phone.replace(/\D/g, '').length
  const allowed = /^\+?[\d ()-]*$/.test(phone)
  if (!allowed || digits < 6 || digits > 15 || phone.length > 30) {
    return 'Enter a phone number like 02 9876 5432 or +61 412 345 678.'
  }
  return null
}

export function textProblem(label: string, max: number) {
  return (value: string): string | null =>
    value.trim().length > max ? `${label} must be at most ${max} characters.` : null
}

export function timeZoneProblem(value: string): string | null {
  return value.trim() === '' ? 'Choose a time zone.' : null
}

/** Validation rules for @mantine/form. */
export const profileValidation = {
  name: nameProblem,
  abn: optionalAbnProblem,
  address_line1: textProblem('Address line 1', 200),
  address_line2: textProblem('Address line 2', 200),
  suburb: textProblem('Suburb', 100),
  postcode: postcodeProblem,
  contact_email: emailProblem,
  contact_phone: phoneProblem,
  time_zone: timeZoneProblem,
}
