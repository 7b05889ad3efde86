import type { SeatUsage } from '../api/get-seat-usage'

export interface SeatSummary {
  headline: string
  detail: string
  /** 0–100, or null when the plan is unlimited. */
  percent: number | null
  full: boolean
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Seats in words: members and pending invitations both take a seat. */
export function seatSummary(seats: SeatUsage): SeatSummary {
  const used = seats.members + seats.pending_invitations
  const detail = `${count(seats.members, 'member', 'members')} and ${count(seats.pending_invitations, 'pending invitation', 'pending invitations')}.`
  if (seats.limit === null || seats.limit === undefined) {
    return { headline: `${count(used, 'seat', 'seats')} in use (unlimited plan)`, detail, percent: null, full: false }
  }
  const full = used >= seats.limit
  return {
    headline: `${used} of ${seats.limit} seats used`,
    detail: full ? `${detail} The plan is full: remove a member or revoke an invitation to invite someone new.` : detail,
    percent: seats.limit > 0 ? Math.min(100, Math.round((used / seats.limit) * 100)) : 100,
    full,
  }
}
