import { Toaster, TooltipProvider } from "@medusajs/ui";
import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { keys } from "./api/keys";
import { useSession } from "./api/auth";
import { Shell } from "./components/shell";
import { FullPageMessage, PageLoading } from "./components/page";
import { createQueryClient, errorMessage, setSessionLostHandler } from "./lib/cohort";
import { LoginPage } from "./pages/login";
import { NotFoundPage } from "./pages/not-found";
import { consoleRoutes, HOME } from "./routes";

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        <BrowserRouter basename="/app">
          <SessionWatcher />
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireSession />}>
              <Route index element={<Navigate to={HOME} replace />} />
              {consoleRoutes.map(({ path, Page }) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <Suspense fallback={<PageLoading />}>
                      <Page />
                    </Suspense>
                  }
                />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
        <Toaster />
      </TooltipProvider>
    </QueryClientProvider>
  );
}

/** A 401 from any call means the session is gone: forget it, and the guard sends the user to sign in. */
function SessionWatcher() {
  const queryClient = useQueryClient();
  useEffect(() => setSessionLostHandler(() => queryClient.setQueryData(keys.session, null)), [queryClient]);
  return null;
}

function RequireSession() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    if (session.data === null) {
      const next = location.pathname + location.search;
      navigate(`/login${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`, { replace: true });
    }
  }, [session.data, location.pathname, location.search, navigate]);
  if (session.isPending) return <FullPageMessage title="Loading…" />;
  if (session.isError) return <FullPageMessage title="Cohort is not answering" description={errorMessage(session.error)} />;
  if (!session.data) return null;
  return <Shell user={session.data} />;
}
