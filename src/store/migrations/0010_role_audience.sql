-- 0010: whom each handling role serves (learners, clients, staff or
-- everyone): a new ticket's role step offers a requester only the roles
-- serving their kind or everyone. Existing roles serve everyone, so that
-- nobody loses a role they were offered; the training centre's built-in
-- staff roles serve its learners (seed 000), so that the agency's clients
-- stop being offered the caretaker or the coaches.
ALTER TABLE roles ADD COLUMN serves TEXT NOT NULL DEFAULT 'everyone'
    CHECK (serves IN ('learners', 'clients', 'staff', 'everyone'));
UPDATE roles SET serves = 'learners'
 WHERE builtin = 1
   AND key IN ('coach_hard', 'coach_soft', 'supervisor', 'referent', 'caretaker');
