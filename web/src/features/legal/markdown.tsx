import { Anchor, List, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'react-router'

// The few markdown constructs the legal texts use, turned into React elements (never HTML
// strings): headings, paragraphs, lists, bold, italics and links (underlined: in running text
// colour alone would not set them apart).

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = []
  for (const chunk of source.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '')
    const first = lines[0]
    if (first === undefined) continue
    const heading = /^(#{1,3})\s+(.*)$/.exec(first)
    if (heading && lines.length === 1) {
      blocks.push({ kind: 'heading', level: (heading[1]?.length ?? 1) as 1 | 2 | 3, text: heading[2] ?? '' })
    } else if (lines.every((line) => /^\s*-\s+/.test(line))) {
      blocks.push({ kind: 'list', items: lines.map((line) => line.replace(/^\s*-\s+/, '')) })
    } else {
      blocks.push({ kind: 'paragraph', text: lines.join(' ') })
    }
  }
  return blocks
}

/** Inline markdown: **bold**, _italics_ and [links](target). */
export function inline(text: string): ReactNode[] {
  const out: ReactNode[] = []
  const pattern = /\*\*(.+?)\*\*|_(.+?)_|\[(.+?)\]\((.+?)\)/g
  let last = 0
  for (const match of text.matchAll(pattern)) {
    const at = match.index
    if (at > last) out.push(text.slice(last, at))
    const [, bold, italic, label, target] = match
    if (bold !== undefined) out.push(<strong key={at}>{bold}</strong>)
    else if (italic !== undefined) out.push(<em key={at}>{italic}</em>)
    else if (label !== undefined && target !== undefined)
      out.push(
        target.startsWith('/') ? (
          <Anchor key={at} component={Link} to={target} underline="always">
            {label}
          </Anchor>
        ) : (
          <Anchor key={at} href={target} rel="noreferrer" underline="always">
            {label}
          </Anchor>
        ),
      )
    last = at + match[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

export function Markdown({ blocks }: { blocks: Block[] }) {
  return blocks.map((block, index) => {
    switch (block.kind) {
      case 'heading':
        return (
          <Title key={index} order={block.level} size={block.level === 1 ? 'h2' : block.level === 2 ? 'h3' : 'h4'} mt={block.level === 1 ? 0 : 'md'}>
            {inline(block.text)}
          </Title>
        )
      case 'list':
        return (
          <List key={index} spacing={4}>
            {block.items.map((item, i) => (
              <List.Item key={i}>{inline(item)}</List.Item>
            ))}
          </List>
        )
      default:
        return <Text key={index}>{inline(block.text)}</Text>
    }
  })
}
