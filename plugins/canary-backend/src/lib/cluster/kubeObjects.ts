/** A copy of a Kubernetes object without the server's field ownership bookkeeping (its bulk). */
export function withoutManagedFields<T extends { metadata?: object }>(
  object: T,
): T {
  if (!object.metadata || !('managedFields' in object.metadata)) return object;
  const { managedFields: _managedFields, ...metadata } =
    object.metadata as Record<string, unknown>;
  return { ...object, metadata } as T;
}
