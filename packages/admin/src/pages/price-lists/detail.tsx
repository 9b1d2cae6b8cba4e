import { Trash } from "@medusajs/icons";
import { Button, Container, StatusBadge, usePrompt } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useDeletePriceList, usePriceList, useUpdatePriceList } from "../../api/price-lists";
import { InlineError, PageHeader, QueryError, useTitle } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { bodyOf, fieldsOf, PriceListForm, type PriceListFields } from "./price-list-form";
import { ConflictsSection, ImpactSection } from "./insight";
import { PricesEditor } from "./prices-editor";

export function PriceListPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const prompt = usePrompt();
  const priceList = usePriceList(id);
  const update = useUpdatePriceList(id);
  const remove = useDeletePriceList();
  const [fields, setFields] = useState<PriceListFields>();
  useTitle(priceList.data?.name ?? "Price list");
  useEffect(() => {
    if (priceList.data) setFields(fieldsOf(priceList.data));
  }, [priceList.data]);

  if (priceList.isError) return <QueryError error={priceList.error} />;
  const pl = priceList.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (fields) update.mutate(bodyOf(fields), { onSuccess: (saved) => toast.success(`Saved ${saved.name}`) });
  };
  const del = async () => {
    if (!pl) return;
    const ok = await prompt({ title: `Delete ${pl.name}?`, description: "The list and all its prices are deleted. This cannot be undone.", confirmText: "Delete", cancelText: "Cancel", variant: "danger" });
    if (ok)
      remove.mutate(pl.id, {
        onSuccess: () => {
          toast.success(`Deleted ${pl.name}`);
          navigate("/price-lists");
        },
      });
  };

  return (
    <>
      <PageHeader
        title={pl?.name ?? "…"}
        back={{ to: "/price-lists", label: "Price lists" }}
        actions={
          pl && (
            <>
              <StatusBadge color={pl.status === "active" ? "green" : "grey"}>{pl.status}</StatusBadge>
              <Button size="small" variant="secondary" asChild>
                <Link to={`/activity?price_list_id=${encodeURIComponent(pl.id)}`}>Activity</Link>
              </Button>
              <Button size="small" variant="danger" isLoading={remove.isPending} onClick={() => void del()}>
                <Trash />
                Delete
              </Button>
            </>
          )
        }
      />
      {remove.isError && <InlineError>{errorMessage(remove.error)}</InlineError>}
      {pl && fields && (
        <>
          <Container>
            <form onSubmit={submit} className="flex flex-col gap-y-6">
              <PriceListForm value={fields} onChange={setFields} />
              {update.isError && <InlineError>{errorMessage(update.error)}</InlineError>}
              <div className="flex justify-end">
                <Button type="submit" size="small" isLoading={update.isPending}>
                  Save details
                </Button>
              </div>
            </form>
          </Container>
          <PricesEditor key={pl.updated_at + (pl.prices ?? []).map((p) => p.id + p.updated_at).join()} priceList={pl} />
          <ImpactSection priceListId={pl.id} />
          <ConflictsSection priceListId={pl.id} />
        </>
      )}
    </>
  );
}
