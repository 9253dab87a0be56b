import { DateTimePicker } from '@mantine/dates';
import '@mantine/dates/styles.css';
import dayjs from 'dayjs';

/**
 * A date and time picked in the viewer's time zone, handed back as an ISO 8601 instant (UTC) — or null.
 * Labelled for screen readers and tests; the hour and minute inputs are named "<label> hours"/"minutes".
 */
export function DateTimeField({
  label,
  value,
  onChange,
  error,
  required,
}: {
  label: string;
  value: string | null;
  onChange: (iso: string | null) => void;
  error?: string | undefined;
  required?: boolean;
}) {
  return (
    <DateTimePicker
      label={label}
      value={value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : null}
      onChange={(v) => onChange(v ? dayjs(v).toISOString() : null)}
      valueFormat="ddd D MMM YYYY HH:mm"
      error={error}
      required={required}
      clearable
      nextLabel="Next month"
      previousLabel="Previous month"
      timePickerProps={{
        hoursInputLabel: `${label} hours`,
        minutesInputLabel: `${label} minutes`,
        format: '24h',
      }}
      submitButtonProps={{ 'aria-label': `Set ${label.toLowerCase()}` }}
      miw={220}
    />
  );
}
