import { describe, expect, it } from 'vitest'
import {
  AU_STATES,
  AU_TIME_ZONES,
  emailProblem,
  nameProblem,
  optionalAbnProblem,
  phoneProblem,
  postcodeProblem,
  profileBody,
  profileValuesFrom,
  timeZoneOptions,
  type Organization,
} from './profile'

const org: Organization = {
  id: '00000000-0000-0000-0000-000000000001',
  name: 'Harbour View Allied Health',
  slug: 'harbour-view',
  abn: '51824753556',
  address: { line1: '1 Harbour St', line2: null, suburb: 'Sydney', state: 'NSW', postcode: '2000', country: 'AU' },
  contact_email: null,
  contact_phone: '02 9876 5432',
  time_zone: 'Australia/Sydney',
  branding_warnings: [],
  subscription_tier: 'free',
  created_at: '2026-11-24T00:00:00Z',
  updated_at: '2026-11-24T00:00:00Z',
}

describe('organisation profile form', () => {
  it('fills the form from the organisation, ABN grouped', () => {
    const values = profileValuesFrom(org)
    expect(values.abn).toBe('51 824 753 556')
    expect(values.address_line1).toBe('1 Harbour St')
    expect(values.address_line2).toBe('')
    expect(values.contact_email).toBe('')
    expect(values.state).toBe('NSW')
  })

  it('sends every field, blank optional ones as null and the ABN without spaces', () => {
    const body = profileBody({ ...profileValuesFrom(org), name: '  New name ', address_line2: '  ', contact_email: 'a@b.com.au' })
    expect(body).toEqual({
      name: 'New name',
      abn: '51824753556',
      address_line1: '1 Harbour St',
      address_line2: null,
      suburb: 'Sydney',
      state: 'NSW',
      postcode: '2000',
      contact_email: 'a@b.com.au',
      contact_phone: '02 9876 5432',
      time_zone: 'Australia/Sydney',
    })
    expect(profileBody({ ...profileValuesFrom(org), abn: '' }).abn).toBeNull()
  })

  it('lists the states the API accepts and Australian time zones', () => {
    expect(AU_STATES).toEqual(['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'])
    expect(AU_TIME_ZONES.every((zone) => zone.value.startsWith('Australia/'))).toBe(true)
    expect(new Set(AU_TIME_ZONES.map((zone) => zone.value)).size).toBe(AU_TIME_ZONES.length)
    // Every zone is one the browser (and so chrono-tz) knows.
    for (const zone of AU_TIME_ZONES) {
      expect(() => new Intl.DateTimeFormat('en-AU', { timeZone: zone.value })).not.toThrow()
    }
  })

  it('keeps a saved zone outside the list as an option', () => {
    expect(timeZoneOptions('Australia/Sydney')).toHaveLength(AU_TIME_ZONES.length)
    const options = timeZoneOptions('Pacific/Norfolk')
    expect(options.at(-1)).toEqual({ value: 'Pacific/Norfolk', label: 'Pacific/Norfolk' })
  })

  it('checks fields like the server', () => {
    expect(nameProblem(' ')).not.toBeNull()
    expect(nameProblem('A')).not.toBeNull()
    expect(nameProblem('AB')).toBeNull()
    expect(optionalAbnProblem('')).toBeNull()
    expect(optionalAbnProblem('51 824 753 556')).toBeNull()
    expect(optionalAbnProblem('51 824 753 557')).not.toBeNull()
    expect(postcodeProblem('0800')).toBeNull()
    expect(postcodeProblem('800')).not.toBeNull()
    expect(postcodeProblem('')).toBeNull()
    expect(emailProblem('admin@clinic.com.au')).toBeNull()
    expect(emailProblem('admin@')).not.toBeNull()
    expect(phoneProblem('+61 412 345 678')).toBeNull()
    expect(phoneProblem('(02) 9876-5432')).toBeNull()
    expect(phoneProblem('12345')).not.toBeNull()
    expect(phoneProblem('02 9876 5432 ext 4')).not.toBeNull()
    expect(phoneProblem('61+412345678')).not.toBeNull()
  })
})
