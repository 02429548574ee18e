/** A time of day as the lanes show it ("12:03"), in the user's locale and time zone. */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
}
