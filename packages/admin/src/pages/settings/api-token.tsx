import { Button, Container, Copy, Input, Label, Text, usePrompt } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useState } from "react";
import { useSession } from "../../api/auth";
import { useSetApiToken, useUser } from "../../api/users";
import { Fields, InlineError, PageHeader, QueryError, Section, useTitle } from "../../components/page";
import { errorMessage } from "../../lib/cohort";

/** 32 random bytes as hex, from the browser's CSPRNG. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The signed-in user's API token (sent as x-medusa-access-token by scripts and integrations). */
export function ApiTokenPage() {
  useTitle("API token");
  const session = useSession();
  const userId = session.data?.id ?? "";
  const user = useUser(userId);
  const setToken = useSetApiToken(userId);
  const prompt = usePrompt();
  const [shown, setShown] = useState(false);

  if (user.isError) return <QueryError error={user.error} />;
  const u = user.data;
  const token = u?.api_token ?? null;

  const rotate = async () => {
    const ok = await prompt({
      title: token ? "Rotate your API token?" : "Create an API token?",
      description: token ? "Scripts and integrations that use the current token stop working at once." : "Anyone with the token can act as you on the admin API. Keep it secret.",
      confirmText: token ? "Rotate" : "Create",
      cancelText: "Cancel",
      variant: token ? "danger" : "confirmation",
    });
    if (ok)
      setToken.mutate(newToken(), {
        onSuccess: () => {
          setShown(true);
          toast.success("New API token saved");
        },
      });
  };

  return (
    <>
      <PageHeader title="API token" />
      {u && (
        <>
          <Section title="Your account">
            <Fields rows={[["Email", u.email], ["Role", u.role], ["User ID", <code key="id">{u.id}</code>]]} />
          </Section>
          <Container className="flex flex-col gap-y-4">
            <Text size="small" className="text-ui-fg-subtle">
              Send the token in the <code>x-medusa-access-token</code> header to call the admin API as {u.email}.
            </Text>
            {token ? (
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="api-token">Token</Label>
                <div className="flex flex-wrap items-center gap-2">
                  <Input id="api-token" readOnly className="min-w-0 flex-1 font-mono" type={shown ? "text" : "password"} value={token} />
                  <Button size="small" variant="secondary" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
                    {shown ? "Hide" : "Show"}
                  </Button>
                  <Copy content={token} asChild>
                    <Button size="small" variant="secondary">
                      Copy
                    </Button>
                  </Copy>
                </div>
              </div>
            ) : (
              <Text size="small">You have no API token.</Text>
            )}
            {setToken.isError && <InlineError>{errorMessage(setToken.error)}</InlineError>}
            <div>
              <Button size="small" variant={token ? "danger" : "primary"} isLoading={setToken.isPending} onClick={() => void rotate()}>
                {token ? "Rotate token" : "Create token"}
              </Button>
            </div>
          </Container>
        </>
      )}
    </>
  );
}
