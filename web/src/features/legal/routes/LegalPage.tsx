import { Anchor, Group, Paper, Stack } from '@mantine/core'
import { useDocumentTitle } from '@mantine/hooks'
import { Link } from 'react-router'
import { Markdown, parseBlocks } from '../markdown'
import privacy from '../content/privacy.md?raw'
import terms from '../content/terms.md?raw'

const DOCUMENTS = { terms, privacy }

function titleOf(source: string): string {
  return /^#\s+(.*)$/m.exec(source)?.[1] ?? 'Vigil'
}

/** `/terms` and `/privacy`: the texts in `content/`, readable without an account. */
export function LegalPage({ document }: { document: keyof typeof DOCUMENTS }) {
  const source = DOCUMENTS[document]
  useDocumentTitle(`${titleOf(source)} · Vigil`)
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }} shadow="xs">
      <Stack gap="sm">
        <Markdown blocks={parseBlocks(source)} />
        <Group gap="lg" mt="md">
          <Anchor component={Link} to={document === 'terms' ? '/privacy' : '/terms'} size="sm">
            {document === 'terms' ? 'Privacy policy' : 'Terms of service'}
          </Anchor>
          <Anchor component={Link} to="/signup" size="sm">
            Create an account
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  )
}

export function TermsPage() {
  return <LegalPage document="terms" />
}

export function PrivacyPage() {
  return <LegalPage document="privacy" />
}
