import type { User } from "@cohort/client";
import { ArrowRightOnRectangle, BarsThree, XMark } from "@medusajs/icons";
import { Button, Drawer, IconButton, Text, clx } from "@medusajs/ui";
import { useState } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useSignOut } from "../api/auth";
import { errorMessage } from "../lib/cohort";
import { consoleRoutes } from "../routes";
import { InlineError } from "./page";

/** The signed-in frame: navigation (a sidebar, or a drawer on narrow screens) and the page. */
export function Shell({ user }: { user: User }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  return (
    <div className="flex min-h-full flex-col lg:flex-row">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-ui-bg-base focus:p-2">
        Skip to content
      </a>
      <header className="border-ui-border-base bg-ui-bg-base flex items-center justify-between border-b px-4 py-3 lg:hidden">
        <Brand />
        <Drawer open={menuOpen} onOpenChange={setMenuOpen}>
          <Drawer.Trigger asChild>
            <IconButton aria-label="Open navigation" variant="transparent">
              <BarsThree />
            </IconButton>
          </Drawer.Trigger>
          <Drawer.Content aria-describedby={undefined}>
            <div className="border-ui-border-base flex items-center justify-between border-b px-4 py-3">
              <Drawer.Title asChild>
                <Text weight="plus">Navigation</Text>
              </Drawer.Title>
              <Drawer.Close asChild>
                <IconButton aria-label="Close navigation" variant="transparent" size="small">
                  <XMark />
                </IconButton>
              </Drawer.Close>
            </div>
            <Drawer.Body className="flex flex-col p-0">
              <Navigation user={user} onNavigate={() => setMenuOpen(false)} />
            </Drawer.Body>
          </Drawer.Content>
        </Drawer>
      </header>
      <aside className="border-ui-border-base bg-ui-bg-base hidden w-[232px] shrink-0 flex-col border-r lg:sticky lg:top-0 lg:flex lg:h-screen">
        <div className="px-4 py-4">
          <Brand />
        </div>
        <Navigation user={user} />
      </aside>
      <main id="main" key={location.pathname} className="min-w-0 flex-1 p-3 sm:p-6" tabIndex={-1}>
        <div className="mx-auto flex max-w-[1280px] flex-col gap-y-3">
          <Outlet />
        </div>
      </main>
    </div>
  );
}

function Brand() {
  return (
    <Text weight="plus" size="large" className="text-ui-fg-base">
      Cohort
    </Text>
  );
}

function Navigation({ user, onNavigate }: { user: User; onNavigate?: () => void }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const section = (name: "main" | "settings") =>
    consoleRoutes
      .filter((r) => r.nav?.section === name)
      .map((r) => (
        <li key={r.path}>
          <NavLink
            to={`/${r.path}`}
            onClick={onNavigate}
            className={({ isActive }) =>
              clx(
                "txt-compact-small-plus text-ui-fg-subtle flex items-center gap-x-2 rounded-md px-2 py-1.5 outline-none",
                "hover:bg-ui-bg-base-hover focus-visible:shadow-borders-focus",
                isActive && "bg-ui-bg-base-pressed text-ui-fg-base",
              )
            }
          >
            {r.nav!.icon}
            {r.nav!.label}
          </NavLink>
        </li>
      ));
  return (
    <nav aria-label="Main" className="flex flex-1 flex-col justify-between gap-y-4 px-2 pb-4">
      <ul className="flex flex-col gap-y-0.5">{section("main")}</ul>
      <div className="flex flex-col gap-y-2">
        <Text size="xsmall" weight="plus" className="text-ui-fg-muted px-2 uppercase" aria-hidden>
          Settings
        </Text>
        <ul className="flex flex-col gap-y-0.5" aria-label="Settings">
          {section("settings")}
        </ul>
        <div className="border-ui-border-base flex flex-col gap-y-2 border-t px-2 pt-3">
          <Text size="small" className="text-ui-fg-subtle truncate" title={user.email}>
            {user.email}
          </Text>
          <Button
            variant="secondary"
            size="small"
            isLoading={signOut.isPending}
            onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate("/login") })}
          >
            <ArrowRightOnRectangle />
            Sign out
          </Button>
          {signOut.isError && <InlineError>{errorMessage(signOut.error)}</InlineError>}
        </div>
      </div>
    </nav>
  );
}
