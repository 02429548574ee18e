import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';

/** The catalog ref of an actor that is a user or group (`user:default/jane`), else undefined. */
function catalogActorRef(actor: string): string | undefined {
  if (!/^(user|group):/i.test(actor)) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(actor));
  } catch {
    return undefined;
  }
}

const CatalogActorName = ({ entityRef }: { entityRef: string }) => {
  const { primaryTitle } = useEntityPresentation(entityRef);
  return <>{primaryTitle}</>;
};

/** Props of {@link ActorName}. */
export type ActorNameProps = {
  /** As recorded: a user's or group's entity ref, or a service's subject. */
  actor: string;
};

/**
 * Who asked for an action: a user or group by its display name from the catalog (its entity
 * presentation), a service (`canary-backend`, `plugin:…`) as recorded. Plain text, to be isolated
 * by the caller.
 */
export const ActorName = ({ actor }: ActorNameProps) => {
  const entityRef = catalogActorRef(actor);
  return entityRef ? <CatalogActorName entityRef={entityRef} /> : <>{actor}</>;
};
