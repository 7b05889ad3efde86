import { Group, Pagination, type MantineSize } from '@mantine/core'

const CONTROL_NAMES = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' }

/** Page links of a list: a nav landmark named `label` whose every button says where it goes. */
export function PageNav({
  label,
  total,
  value,
  onChange,
  size,
  justify,
}: {
  label: string
  total: number
  value: number
  onChange: (page: number) => void
  size?: MantineSize
  justify?: 'center'
}) {
  return (
    <Group component="nav" aria-label={label} justify={justify}>
      <Pagination
        total={total}
        value={value}
        onChange={onChange}
        size={size}
        getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
        getControlProps={(control) => ({ 'aria-label': CONTROL_NAMES[control] })}
      />
    </Group>
  )
}
