import { Group, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import dayjs from 'dayjs';
import { useState } from 'react';
import { formatClockTime, parseTypedTime } from './typed-time.ts';

/**
 * A date and time picked in the viewer's time zone, handed back as an ISO 8601 instant (UTC) — or null while
 * either part is missing or the time is not one. The day comes from a calendar (the button labelled
 * `label`); the time is typed on a 24-hour clock into the field labelled "<label> time" (`18`, `18:30`,
 * `1830`; typed-time.ts). It replaced a spinning hour/minute picker that turned a typed `18` into 10:08.
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
  const [date, setDate] = useState<string | null>(() => (value ? dayjs(value).format('YYYY-MM-DD') : null));
  const [time, setTime] = useState(() => (value ? dayjs(value).format('HH:mm') : ''));
  const parsed = parseTypedTime(time);
  const timeError = time.trim() !== '' && !parsed ? 'a time like 18:30' : undefined;

  const emit = (nextDate: string | null, nextTime: string): void => {
    const t = parseTypedTime(nextTime);
    // dayjs reads a date and time without an offset in the browser's zone: the viewer's wall-clock time.
    onChange(nextDate && t ? dayjs(`${nextDate}T${formatClockTime(t)}`).toISOString() : null);
  };

  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <DatePickerInput
        label={label}
        value={date}
        onChange={(d) => {
          const next = d ? dayjs(d).format('YYYY-MM-DD') : null;
          setDate(next);
          emit(next, time);
        }}
        valueFormat="ddd D MMM YYYY"
        placeholder="Pick a day"
        error={error}
        required={required}
        clearable
        nextLabel="Next month"
        previousLabel="Previous month"
        miw={170}
      />
      <TextInput
        label="Time (24 h)"
        aria-label={`${label} time`}
        placeholder="18:30"
        inputMode="numeric"
        autoComplete="off"
        value={time}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setTime(next);
          emit(date, next);
        }}
        onBlur={() => parsed && setTime(formatClockTime(parsed))}
        error={timeError}
        required={required}
        w={96}
      />
    </Group>
  );
}
