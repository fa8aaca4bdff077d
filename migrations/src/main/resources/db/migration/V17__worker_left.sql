-- A worker that stopped says so (POST /api/worker/leave): from then on its id leases nothing, so a
-- long-polling claim it abandoned when it stopped cannot take jobs the API would otherwise hold
-- for a lease duration. Registering again clears it.
ALTER TABLE worker ADD COLUMN left_at TIMESTAMPTZ;
