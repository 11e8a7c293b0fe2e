import { Button } from '@backstage/ui';

/** Props of {@link RowActions}. */
export interface RowActionsProps {
  /** What the row is called, for the buttons' accessible names. */
  name: string;
  onEdit: () => void;
  onDelete: () => void;
}

/**
 * Edit and Delete for one row of a table of schedules or policies; the
 * caller shows them only to those who may manage.
 */
export const RowActions = (props: RowActionsProps) => (
  <>
    <Button
      size="small"
      variant="secondary"
      aria-label={`Edit ${props.name}`}
      onPress={props.onEdit}
    >
      Edit
    </Button>
    <Button
      size="small"
      variant="secondary"
      destructive
      aria-label={`Delete ${props.name}`}
      onPress={props.onDelete}
    >
      Delete
    </Button>
  </>
);
