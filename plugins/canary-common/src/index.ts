/**
 * Domain knowledge and contracts shared by the Backstage Canary packages.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './permissions';
export * from './entityTargets';
