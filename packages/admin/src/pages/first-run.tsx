import { Button, Container, Heading, Input, Label, Text } from "@medusajs/ui";
import { useState, type FormEvent } from "react";
import { useFirstAdmin } from "../api/auth";
import { InlineError } from "../components/page";
import { errorMessage } from "../lib/cohort";

const MIN_PASSWORD = 8;

/**
 * The first-run screen: shown instead of the sign-in form while the database has no user.
 * The server creates the admin only while there is still no user, and only for a request
 * from its own machine or with the one-time setup token it printed in its log.
 */
export function FirstRunPage({ onDone }: { onDone: () => void }) {
  const firstAdmin = useFirstAdmin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [setupToken, setSetupToken] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) return setProblem("Enter the admin's email.");
    if (password.length < MIN_PASSWORD) return setProblem(`Choose a password of at least ${MIN_PASSWORD} characters.`);
    if (password !== repeat) return setProblem("The two passwords differ.");
    setProblem(null);
    firstAdmin.mutate({ body: { email: email.trim(), password }, setupToken: setupToken.trim() }, { onSuccess: onDone });
  };
  const failure = problem ?? (firstAdmin.error ? errorMessage(firstAdmin.error) : null);

  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <Container className="flex w-full max-w-sm flex-col gap-y-6 p-6">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">Welcome to Cohort</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            This installation has no user yet. Create the first admin: you will be signed in as them.
          </Text>
        </div>
        <form className="flex flex-col gap-y-4" onSubmit={submit} noValidate>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="setup-email">Email</Label>
            <Input id="setup-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="setup-password">Password</Label>
            <Input id="setup-password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="setup-repeat">Repeat the password</Label>
            <Input id="setup-repeat" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="setup-token">Setup token</Label>
            <Input id="setup-token" aria-describedby="setup-token-help" autoComplete="off" value={setupToken} onChange={(e) => setSetupToken(e.target.value)} />
            <Text id="setup-token-help" size="xsmall" className="text-ui-fg-subtle">
              Not needed in a browser on the server's own machine. From elsewhere, paste the one-time token from the server's log
              (the line that says how to create the first admin).
            </Text>
          </div>
          {failure && <InlineError>{failure}</InlineError>}
          <Button type="submit" isLoading={firstAdmin.isPending}>
            Create admin and sign in
          </Button>
        </form>
      </Container>
    </main>
  );
}
