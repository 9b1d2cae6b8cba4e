import type { CustomerGroup } from "@cohort/client";
import { Button, Drawer, Input, Label, Text } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { useCreateGroup, useUpdateGroup } from "../../api/customer-groups";
import { MetadataEditor, metadataPatch, rowsToMetadata, toRows, type MetadataRow } from "../../components/metadata-editor";
import { DrawerHeader, InlineError } from "../../components/page";
import { errorMessage } from "../../lib/cohort";

/** A drawer to create a group, or to rename one and edit its metadata. */
export function GroupFormDrawer({ group, open, onOpenChange }: { group?: CustomerGroup; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>{open && <GroupForm group={group} onDone={() => onOpenChange(false)} />}</Drawer.Content>
    </Drawer>
  );
}

function GroupForm({ group, onDone }: { group?: CustomerGroup; onDone: () => void }) {
  const navigate = useNavigate();
  const create = useCreateGroup();
  const update = useUpdateGroup(group?.id ?? "");
  const [name, setName] = useState(group?.name ?? "");
  const [rows, setRows] = useState<MetadataRow[]>(toRows(group?.metadata));
  const [formError, setFormError] = useState<string>();
  const mutation = group ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { metadata, error } = rowsToMetadata(rows);
    setFormError(error);
    if (error) return;
    if (group) {
      update.mutate(
        { name, metadata: metadataPatch(group.metadata, metadata) },
        {
          onSuccess: () => {
            toast.success(`Saved ${name}`);
            onDone();
          },
        },
      );
    } else {
      create.mutate(
        { name, ...(Object.keys(metadata).length ? { metadata } : {}) },
        {
          onSuccess: (created) => {
            toast.success(`Created ${created.name}`);
            onDone();
            navigate(`/customer-groups/${created.id}`);
          },
        },
      );
    }
  };

  return (
    <form onSubmit={submit} className="flex h-full flex-col overflow-hidden">
      <DrawerHeader title={group ? `Edit ${group.name}` : "Create customer group"} />
      <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="group-name">Name</Label>
          <Input id="group-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <Text size="xsmall" className="text-ui-fg-subtle">
            Unique among groups; letter case counts.
          </Text>
        </div>
        <MetadataEditor rows={rows} onChange={setRows} />
        {(formError || mutation.isError) && <InlineError>{formError ?? errorMessage(mutation.error)}</InlineError>}
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button variant="secondary" type="button">
            Cancel
          </Button>
        </Drawer.Close>
        <Button type="submit" isLoading={mutation.isPending}>
          {group ? "Save" : "Create"}
        </Button>
      </Drawer.Footer>
    </form>
  );
}
