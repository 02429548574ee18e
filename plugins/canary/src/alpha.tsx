/**
 * The Canary plugin's extensions for the new frontend system, one by one.
 *
 * The plugin itself is the default export of the main entry point
 * (`@backstage-canary/plugin-canary`); this entry point default-exports the same plugin for apps that
 * installed it from here before, and will lose that export in a later release.
 *
 * @packageDocumentation
 */

export {
  default,
  canaryApi,
  canaryEntityContent,
  canaryEntityStatusCard,
  canaryCatalogFilter,
  canaryInboxPage,
  canaryInboxHomePageWidget,
  canaryPolicyFormField,
  canaryReplicasFormField,
} from './frontendPlugin';
