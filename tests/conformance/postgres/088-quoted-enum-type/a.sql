CREATE TYPE "Status" AS ENUM ('New', 'In Progress', 'Done');

CREATE TABLE "Task" (
    "Id" integer PRIMARY KEY,
    "Status" "Status" NOT NULL DEFAULT 'New'
);
