CREATE TABLE "Account" (
    "Id" integer PRIMARY KEY,
    "Email" text NOT NULL,
    CONSTRAINT "Account_Email_Unique" UNIQUE ("Email"),
    CONSTRAINT "Email Has At" CHECK ("Email" LIKE '%@%')
);

CREATE TABLE "Login" (
    "Id" integer PRIMARY KEY,
    "AccountId" integer NOT NULL,
    "At" timestamptz NOT NULL,
    CONSTRAINT "FK_Login_Account" FOREIGN KEY ("AccountId") REFERENCES "Account" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Login_AccountId_At" ON "Login" ("AccountId", "At" DESC);
