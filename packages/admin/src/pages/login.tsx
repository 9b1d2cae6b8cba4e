import { Button, Container, Heading, Input, Label, Text } from "@medusajs/ui";
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { useSession, useSetupStatus, useSignIn } from "../api/auth";
import { InlineError, useTitle } from "../components/page";
import { errorMessage } from "../lib/cohort";
import { HOME } from "../routes";
import { FirstRunPage } from "./first-run";

/** Where to go after signing in: a path inside the console only (never another site). */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : HOME;
}

export function LoginPage() {
  const session = useSession();
  const setupRequired = useSetupStatus();
  useTitle(setupRequired.data ? "Create the first admin" : "Sign in");
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const next = safeNext(params.get("next"));

  if (session.data) return <Navigate to={next} replace />;
  if (setupRequired.data) return <FirstRunPage onDone={() => navigate(next, { replace: true })} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };
  // The API answers a wrong password with a bare 401 "Unauthorized".
  const failure = signIn.error && (errorMessage(signIn.error) === "Unauthorized" ? "Wrong email or password." : errorMessage(signIn.error));

  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <Container className="flex w-full max-w-sm flex-col gap-y-6 p-6">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">Sign in to Cohort</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Use the email and password of a Cohort admin user.
          </Text>
        </div>
        <form className="flex flex-col gap-y-4" onSubmit={submit} noValidate>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="email">Email</Label>
            <Input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="password">Password</Label>
            <Input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {failure && <InlineError>{failure}</InlineError>}
          <Button type="submit" isLoading={signIn.isPending}>
            Sign in
          </Button>
        </form>
      </Container>
    </main>
  );
}
