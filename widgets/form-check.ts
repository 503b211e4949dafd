const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The error for an optional email field, or null when it is empty or looks like an address. */
export const emailError = (value: string) =>
  value && !EMAIL.test(value) ? 'Please enter an email address like name@example.com.' : null;

/**
 * Checks a panel's form before anything is sent: `check` gets each field's trimmed value and names
 * what is wrong, field by field; `show` displays that (or clears it); the first wrong field takes
 * the focus. Returns the values when every field is right, else null.
 */
export function checkForm(
  form: HTMLFormElement,
  check: (value: (name: string) => string) => Record<string, string | null>,
  show: (errors: Record<string, string>) => void,
): ((name: string) => string) | null {
  const value = (name: string) =>
    ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
  const errors = Object.fromEntries(
    Object.entries(check(value)).filter((entry): entry is [string, string] => entry[1] !== null),
  );
  show(errors);
  const firstBad = Object.keys(errors)[0];
  if (!firstBad) return value;
  (form.elements.namedItem(firstBad) as HTMLElement).focus();
  return null;
}
