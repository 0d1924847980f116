/**
 * The setup every read-model spec shares: an in-memory read-model database, a scripted event log with the pilot
 * program created, and a runner with the projection under test (or the few a query joins) — made before each test
 * and closed after it.
 */
import Database from 'better-sqlite3';
import { ProjectionRunner, type Db, type Projection } from '../projection-runner';
import { EventScript } from './event-script.fixture';
import { createProgram } from './pilot-scenario.fixture';

export interface ProjectionWorld {
  db: Db;
  script: EventScript;
  runner: ProjectionRunner;
}

/** Registers the beforeEach/afterEach of the current describe; the returned object is refilled before each test. */
export function projectionWorld(projection: () => Projection | Projection[]): ProjectionWorld {
  const world = {} as ProjectionWorld;
  beforeEach(async () => {
    world.db = new Database(':memory:');
    world.script = new EventScript();
    world.runner = new ProjectionRunner({ db: world.db, store: world.script.store, projections: [projection()].flat() });
    await createProgram(world.script);
  });
  afterEach(async () => {
    await world.script.store.close();
    world.db.close();
  });
  return world;
}
