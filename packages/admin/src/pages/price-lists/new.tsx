import { Button, Container } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { useCustomerGroup } from "../../api/customer-groups";
import { useCreatePriceList } from "../../api/price-lists";
import { InlineError, PageHeader, useTitle } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { bodyOf, emptyFields, PriceListForm, type PriceListFields } from "./price-list-form";

export function NewPriceListPage() {
  useTitle("Create price list");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const groupId = params.get("group");
  const create = useCreatePriceList();
  const [fields, setFields] = useState<PriceListFields>(emptyFields());
  // Opened from a group's page: that group is preselected.
  const preset = useCustomerGroup(groupId ?? "", !!groupId);
  useEffect(() => {
    const g = preset.data;
    if (g) setFields((f) => (f.groups.length ? f : { ...f, groups: [{ id: g.id!, name: g.name ?? "" }] }));
  }, [preset.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { ...bodyOf(fields), prices: [] },
      {
        onSuccess: (pl) => {
          toast.success(`Created ${pl.name}; now add its prices`);
          navigate(`/price-lists/${pl.id}`);
        },
      },
    );
  };
  return (
    <>
      <PageHeader title="Create price list" back={{ to: "/price-lists", label: "Price lists" }} />
      <Container>
        <form onSubmit={submit} className="flex flex-col gap-y-6">
          <PriceListForm value={fields} onChange={setFields} />
          {create.isError && <InlineError>{errorMessage(create.error)}</InlineError>}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => navigate("/price-lists")}>
              Cancel
            </Button>
            <Button type="submit" isLoading={create.isPending}>
              Create
            </Button>
          </div>
        </form>
      </Container>
    </>
  );
}
