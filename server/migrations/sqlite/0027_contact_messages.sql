-- Messages between a contact person and the social services about an assignment (issue 15), and
-- the contact person's worries ("jag är orolig"), which are messages marked as such.
CREATE TABLE contact_messages (
    id                  INTEGER PRIMARY KEY,
    assignment_id       INTEGER NOT NULL REFERENCES assignments (id),
    from_contact_person INTEGER NOT NULL CHECK (from_contact_person IN (0, 1)),
    author_user_id      INTEGER REFERENCES users (id),   -- the caseworker, when from one
    worry               INTEGER NOT NULL DEFAULT 0 CHECK (worry IN (0, 1)),
    body                TEXT    NOT NULL,
    sent_at             TEXT    NOT NULL,
    read_at             TEXT                             -- when the other side read it
);
CREATE INDEX contact_messages_thread ON contact_messages (assignment_id, id);
CREATE INDEX contact_messages_unread ON contact_messages (from_contact_person, read_at);
