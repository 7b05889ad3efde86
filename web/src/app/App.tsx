import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from 'react-router'
import { StepUpDialog } from '@/components/StepUpDialog'
import { ApiError } from '@/lib/api/problem'
import { handleSessionEnd } from '@/lib/session-expiry'
import { BrandingProvider, useBranding } from './branding'
import { cssVariablesResolver } from './theme'
import { router } from './router'

// Any request that finds the session gone (expired, revoked, idle) sends the person to sign in
// and back to this page afterwards.
const onError = (error: unknown) =>
  void handleSessionEnd(error, queryClient, (to) => void router.navigate(to, { replace: true }), window.location)

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // Client errors will not fix themselves; retry only network and server failures.
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
})

function Themed() {
  const { theme } = useBranding()
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <RouterProvider router={router} />
      <StepUpDialog />
    </MantineProvider>
  )
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrandingProvider>
        <Themed />
      </BrandingProvider>
    </QueryClientProvider>
  )
}
