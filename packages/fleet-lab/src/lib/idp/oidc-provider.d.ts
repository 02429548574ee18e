// The part of oidc-provider's API the lab IdP uses (the package ships no type declarations).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  type Handler = (req: IncomingMessage, res: ServerResponse) => void;

  type Interaction = {
    uid: string;
    prompt: { name: string };
    params: Record<string, unknown>;
  };

  class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    Grant: any;
    callback(): Handler;
    interactionDetails(
      req: IncomingMessage,
      res: ServerResponse,
    ): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: any[]) => void): void;
  }

  export default Provider;
}
