import { useState } from 'react';

/**
 * The saving state of a dialog's form: `save` runs the request, and on
 * failure keeps the error and lets the person try again. On success the
 * dialog closes, so `saving` stays on until it does.
 */
export function useFormSave() {
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const save = async (
    request: () => Promise<void>,
    /** Runs after a failure, e.g. to reload what may have changed anyway. */
    onError?: (error: unknown) => void,
  ) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      await request();
    } catch (e) {
      setSaveError(e);
      setSaving(false);
      onError?.(e);
    }
  };
  return { saving, saveError, save };
}
