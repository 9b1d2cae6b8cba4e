import { Container, Text } from "@medusajs/ui";
import { Link } from "react-router-dom";
import { PageHeader, useTitle } from "../components/page";
import { HOME } from "../routes";

export function NotFoundPage() {
  useTitle("Not found");
  return (
    <>
      <PageHeader title="Page not found" />
      <Container>
        <Text>
          This page does not exist. <Link className="text-ui-fg-interactive underline" to={HOME}>Go to customer groups</Link>.
        </Text>
      </Container>
    </>
  );
}
