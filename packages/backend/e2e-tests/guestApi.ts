// The backend's API as the example app's guest, for the end-to-end tests that call it directly.
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { eventually, guestToken } from './lab';

export const backend =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

/** Waits until the backend answers (the shared development backend restarts on file changes). */
export async function backendUp(request: APIRequestContext) {
  await eventually(
    async () =>
      (await request.get(`${backend}/api/canary/health`)).ok() || undefined,
    120_000,
    'the backend to answer /api/canary/health',
  );
}

/**
 * Requests as the guest (or without credentials). The shared development backend restarts when its
 * files change: a request that cannot connect is sent again (twice at most) once the backend
 * answers, and a token that no longer verifies is replaced once.
 */
export class GuestApi {
  private token?: string;
  constructor(protected readonly request: APIRequestContext) {}

  async send(
    method: 'GET' | 'POST',
    url: string,
    options: { data?: unknown; auth?: 'guest' | 'none' } = {},
  ): Promise<APIResponse> {
    const auth = options.auth ?? 'guest';
    for (let attempt = 0; ; attempt++) {
      try {
        if (auth === 'guest') {
          this.token ??= await guestToken(this.request, backend);
        }
        const response = await this.request.fetch(url, {
          method,
          data: options.data,
          headers:
            auth === 'guest' ? { Authorization: `Bearer ${this.token}` } : {},
        });
        if (response.status() === 401 && auth === 'guest' && attempt === 0) {
          this.token = undefined;
          continue;
        }
        return response;
      } catch (error) {
        if (
          attempt >= 2 ||
          !/ECONNREFUSED|ECONNRESET|socket hang up/.test(String(error))
        )
          throw error;
        await backendUp(this.request);
        this.token = undefined;
      }
    }
  }
}
