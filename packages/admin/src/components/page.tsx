import { ArrowLeft, ExclamationCircle, XMark } from "@medusajs/icons";
import { Container, Drawer, Heading, IconButton, Skeleton, Text } from "@medusajs/ui";
import { useEffect, useId, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../lib/cohort";

/** Sets the document title (each page has its own, for screen readers and history). */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Cohort`;
  }, [title]);
}

export function PageHeader({ title, back, actions, children }: { title: ReactNode; back?: { to: string; label: string }; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-2">
      {back && (
        <Link to={back.to} className="txt-compact-small text-ui-fg-subtle hover:text-ui-fg-base flex w-fit items-center gap-x-1 rounded focus-visible:shadow-borders-focus outline-none">
          <ArrowLeft />
          {back.label}
        </Link>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Heading level="h1" className="break-all">{title}</Heading>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
      {children}
    </div>
  );
}

/** A card with a heading row. */
export function Section({ title, actions, children, className }: { title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  const headingId = useId();
  return (
    <Container role="region" aria-labelledby={headingId} className={`divide-y p-0 ${className ?? ""}`}>
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <Heading level="h2" id={headingId}>
          {title}
        </Heading>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
      {children}
    </Container>
  );
}

/** An error of the action next to it, in the API's words. */
export function InlineError({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <div id={id} role="alert" className="text-ui-fg-error txt-compact-small flex items-start gap-x-2">
      <ExclamationCircle className="mt-0.5 shrink-0" />
      <span className="break-words">{children}</span>
    </div>
  );
}

export function QueryError({ error }: { error: unknown }) {
  return (
    <Container>
      <InlineError>{errorMessage(error)}</InlineError>
    </Container>
  );
}

export function FullPageMessage({ title, description }: { title: string; description?: string }) {
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="flex max-w-md flex-col gap-y-2 text-center">
        <Heading level="h1">{title}</Heading>
        {description && <Text className="text-ui-fg-subtle">{description}</Text>}
      </div>
    </main>
  );
}

/** Label + value pairs of a detail card. */
export function Fields({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="divide-y">
      {rows.map(([label, value]) => (
        <div key={label} className="grid grid-cols-1 gap-1 px-6 py-3 sm:grid-cols-[200px_1fr]">
          <dt className="txt-compact-small-plus text-ui-fg-subtle">{label}</dt>
          <dd className="txt-compact-small break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** While a page's code loads. */
export function PageLoading() {
  return (
    <div className="flex flex-col gap-y-3" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-64 w-full" />
    </div>
  );
}

/** A drawer's title row with its close button (the title is the drawer's accessible name). */
export function DrawerHeader({ title }: { title: ReactNode }) {
  return (
    <div className="border-ui-border-base flex items-center justify-between border-b px-6 py-4">
      <Drawer.Title asChild>
        <Text weight="plus" size="large">
          {title}
        </Text>
      </Drawer.Title>
      <Drawer.Close asChild>
        <IconButton aria-label="Close" variant="transparent" size="small" type="button">
          <XMark />
        </IconButton>
      </Drawer.Close>
    </div>
  );
}
