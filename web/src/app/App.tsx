import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from 'react-router'
import { ApiError } from '@/lib/api/problem'
import { BrandingProvider, useBranding } from './branding'
import { cssVariablesResolver } from './theme'
import { router } from './router'

const queryClient = new QueryClient({
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
