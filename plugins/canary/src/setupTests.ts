import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering MUI and recharts in jsdom takes seconds on a busy two-core CI machine: a panel that
// drew in 0.5 s alone took over Jest's default 5 s per test (and over testing-library's 1 s wait
// for an element) there. The tests wait for nothing but that rendering; longer ones set more.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 15_000 });

// recharts' ResponsiveContainer observes its size; jsdom has no ResizeObserver.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??=
  ResizeObserverStub;
