import { parseBlocks } from './markdown'
import privacy from './content/privacy.md?raw'
import terms from './content/terms.md?raw'

describe('the legal texts', () => {
  it('read as headings, paragraphs and lists', () => {
    expect(parseBlocks('# Title\n\nOne\nline.\n\n## Part\n\n- a\n- b')).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'One line.' },
      { kind: 'heading', level: 2, text: 'Part' },
      { kind: 'list', items: ['a', 'b'] },
    ])
  })

  it('each start with their one page title', () => {
    for (const source of [terms, privacy]) {
      const blocks = parseBlocks(source)
      expect(blocks[0]?.kind).toBe('heading')
      expect(blocks.filter((b) => b.kind === 'heading' && b.level === 1)).toHaveLength(1)
    }
  })
})
