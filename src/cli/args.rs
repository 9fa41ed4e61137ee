//! The command line, as clap reads it. Global options are accepted anywhere
//! on the line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "guichet",
    version,
    about = "A keyboard-first help desk and small CRM in the terminal."
)]
pub struct Cli {
    /// Configuration file (default: $GUICHET_CONFIG, else the platform config dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database file (default: $GUICHET_DB, else the config, else the platform data dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as this user; the password comes from $GUICHET_PASSWORD, else a prompt.
    #[arg(long = "as", global = true, value_name = "LOGIN", env = "GUICHET_AS")]
    pub as_login: Option<String>,
    /// Output format of listings.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// With no command: open the dashboard on a fresh temporary database
    /// filled with demo data, its logins shown on the sign-in screen.
    #[arg(long)]
    pub demo: bool,
    /// The database and configuration are the site's ($GUICHET_CONFIG and
    /// $GUICHET_DB, else the defaults): --config, --db and --demo are
    /// refused. For sshd's ForceCommand, so that the words a client sends
    /// cannot make guichet read or write another file.
    #[arg(long, global = true)]
    pub pinned: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the first admin of a new database.
    Init(InitArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage roles and their capabilities.
    #[command(subcommand)]
    Role(RoleCommand),
    /// Read and verify the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Read the connection journal (every sign-in attempt).
    Journal(JournalArgs),
    /// Manage programmes (formations).
    #[command(subcommand)]
    Programme(ProgrammeCommand),
    /// Manage cohorts (promos).
    #[command(subcommand)]
    Cohort(CohortCommand),
    /// Manage companies.
    #[command(subcommand)]
    Company(super::args_clients::CompanyCommand),
    /// The CRM's clients: add, list, show, edit, remove.
    #[command(subcommand)]
    Client(super::args_clients::ClientCommand),
    /// Open, find, follow and handle tickets.
    #[command(subcommand)]
    Ticket(TicketCommand),
    /// Manage ticket categories.
    #[command(subcommand)]
    Category(CategoryCommand),
    /// SLA calendars and policies, and why a ticket's deadline is what it is.
    #[command(subcommand)]
    Sla(super::args_sla::SlaCommand),
    /// The background worker that keeps urgency up to date.
    #[command(subcommand)]
    Urgency(super::args_sla::UrgencyCommand),
    /// Your notifications, marking them read, and which kinds you get.
    Notifications(super::args_sla::NotificationsArgs),
    // Issue 15: contracts and events.
    /// Contracts: create, list, sign, record payments.
    #[command(subcommand)]
    Contract(super::args_crm_contracts::ContractCommand),
    /// Events of signed event contracts, and their support contact.
    #[command(subcommand)]
    Event(super::args_crm_contracts::EventCommand),
    /// Back the site up: a consistent copy of the database (taken while
    /// others keep writing), the attachments and the site key, with a
    /// manifest holding the audit head of the copy.
    Backup(super::args_site::BackupArgs),
    /// Fill a new database with demo data: a training centre and an agency,
    /// their people, and tickets over the past year (prints the logins and
    /// their shared password once).
    Demo {
        /// How many tickets.
        #[arg(long, default_value_t = 300)]
        tickets: u64,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many CRM clients (with twice as many contracts and one and a half times as many events).
        #[arg(long, default_value_t = 200)]
        clients: u64,
    },
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Login of the first admin.
    #[arg(long, default_value = "admin")]
    pub admin: String,
    /// Full name of the first admin (default: "Administrator", in the interface language).
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password from the first line of standard input instead of a prompt.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account.
    Add(UserAddArgs),
    /// List accounts (within what you may see).
    List {
        /// Only this role.
        #[arg(long)]
        role: Option<String>,
        /// Only those whose login, name or role (key or label) contains TEXT (case and accents ignored; % and _ are plain characters).
        #[arg(long)]
        text: Option<String>,
        /// At most this many rows.
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Show one account's profile (within what you may see).
    Show {
        /// The account's login.
        login: String,
    },
    /// Edit a profile: your own, or others' within your user.update scope.
    /// An empty value clears an optional field; cohort and company need user.update:all.
    Edit {
        /// The account's login.
        login: String,
        /// New full name.
        #[arg(long)]
        name: Option<String>,
        /// New email address (empty: none).
        #[arg(long)]
        email: Option<String>,
        /// New phone number (empty: none).
        #[arg(long)]
        phone: Option<String>,
        /// Cohort (promo), by id or by name.
        #[arg(long)]
        cohort: Option<String>,
        /// Company, by name.
        #[arg(long)]
        company: Option<String>,
    },
    /// Give a user another role.
    SetRole {
        /// The account's login.
        login: String,
        /// The new role, by key or by name.
        role: String,
    },
    /// Deactivate an account: it can no longer sign in; its history stays.
    Deactivate {
        /// The account's login.
        login: String,
    },
    /// Reactivate a deactivated account.
    Activate {
        /// The account's login.
        login: String,
    },
    /// Lift a lock left by failed sign-ins.
    Unlock {
        /// The account's login.
        login: String,
    },
    /// Set a password (your own, or anyone's with user.password:all).
    Passwd {
        /// The account's login.
        login: String,
        /// Read the new password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Args, Debug)]
pub struct UserAddArgs {
    /// The new account's login, to sign in with.
    #[arg(long)]
    pub login: String,
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// Role, by key or by name (`role list` lists them).
    #[arg(long)]
    pub role: String,
    /// Email address.
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Cohort (promo), by id or by name.
    #[arg(long)]
    pub cohort: Option<String>,
    /// Company, by name.
    #[arg(long)]
    pub company: Option<String>,
    /// Read the new user's password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Subcommand, Debug)]
pub enum RoleCommand {
    /// List roles with their members and capabilities.
    List {
        /// Only those whose key or label contains TEXT (case and accents ignored; % and _ are plain characters).
        #[arg(long)]
        text: Option<String>,
    },
    /// Show one role's capabilities, one per line.
    Show {
        /// The role's key.
        key: String,
    },
    /// Create a role.
    Add {
        /// The new role's key (what scripts type).
        key: String,
        /// Its name in French.
        #[arg(long)]
        label_fr: String,
        /// Its name in English.
        #[arg(long)]
        label_en: String,
        /// Tickets may be handed to members of this role.
        #[arg(long)]
        handles_tickets: bool,
        /// Whom it serves, i.e. which requesters are offered it for a new
        /// ticket: learners, clients, staff or everyone.
        #[arg(long, value_name = "AUDIENCE", default_value = "everyone")]
        serves: String,
    },
    /// Change whom a role serves (learners, clients, staff or everyone).
    Edit {
        /// The role's key.
        key: String,
        /// Whom it serves: learners, clients, staff or everyone.
        #[arg(long, value_name = "AUDIENCE")]
        serves: Option<String>,
    },
    /// Grant CAPABILITY[:SCOPE] (scope: own, assigned, company, all; default the narrowest allowed).
    Grant {
        /// The role's key.
        key: String,
        /// CAPABILITY[:SCOPE], e.g. ticket.read:company.
        capability: String,
    },
    /// Revoke a capability.
    Revoke {
        /// The role's key.
        key: String,
        /// The capability, e.g. ticket.read.
        capability: String,
    },
    /// List every capability with the scopes it can be granted at.
    Capabilities,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Show the newest entries, oldest first.
    Tail(AuditTailArgs),
    /// Check the log: its append-only triggers, the keyed hash chain from
    /// the first entry to the last, and its sealed head.
    Verify(AuditVerifyArgs),
    /// Print the chain's last entry as ID:HASH, to write down elsewhere
    /// (`audit verify --anchor` checks it later).
    Anchor,
}

#[derive(Args, Debug)]
pub struct AuditVerifyArgs {
    /// Also check that the log still holds this entry, as printed by
    /// `audit anchor` (ID:HASH).
    #[arg(long, value_name = "ID:HASH")]
    pub anchor: Option<String>,
}

#[derive(Args, Debug)]
pub struct AuditTailArgs {
    /// Keep printing new entries as they arrive (any process), until interrupted.
    #[arg(long)]
    pub follow: bool,
    /// Entries after this id instead of the newest ones.
    #[arg(long)]
    pub since: Option<i64>,
    /// Only entries by this actor.
    #[arg(long)]
    pub actor: Option<String>,
    /// Only entries about this object type (user, role, ticket, ...).
    #[arg(long)]
    pub object: Option<String>,
    /// How many entries to show (with --since: at most this many).
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

#[derive(Args, Debug)]
pub struct JournalArgs {
    /// How many attempts to show, newest first.
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
}

#[derive(Subcommand, Debug)]
pub enum ProgrammeCommand {
    /// Create a programme.
    Add {
        /// The programme's name.
        name: String,
    },
    /// List programmes.
    List {
        /// Only those whose name contains TEXT (case and accents ignored; % and _ are plain characters).
        #[arg(long)]
        text: Option<String>,
    },
    /// Give a programme another name.
    Rename {
        /// The programme's name.
        name: String,
        /// Its new name.
        new_name: String,
    },
    /// Remove a programme that has no cohort left.
    Remove {
        /// The programme's name.
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CohortCommand {
    /// Create a cohort in a programme.
    Add {
        /// The cohort's name.
        name: String,
        /// Its programme, by name.
        #[arg(long)]
        programme: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: Option<String>,
    },
    /// List cohorts.
    List {
        /// Only this programme's cohorts.
        #[arg(long)]
        programme: Option<String>,
        /// Only those whose name contains TEXT (case and accents ignored; % and _ are plain characters).
        #[arg(long)]
        text: Option<String>,
    },
    /// Change a cohort's name or dates (an empty date clears it).
    Edit {
        /// The cohort's number (`cohort list` shows it).
        id: i64,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: Option<String>,
    },
    /// Move a cohort, with its learners, to another programme.
    Move {
        /// The cohort's number (`cohort list` shows it).
        id: i64,
        /// The programme it joins, by name.
        programme: String,
    },
    /// Remove a cohort that has no learner left.
    Remove {
        /// The cohort's number (`cohort list` shows it).
        id: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum TicketCommand {
    /// Open a ticket for a handling role (see `ticket roles`), choosing a member or letting guichet pick.
    New(TicketNewArgs),
    /// List tickets within your scope, newest first.
    List(TicketListArgs),
    /// Everything about one ticket.
    Show {
        /// The ticket's number.
        id: i64,
    },
    /// Edit title, description, priority or category (requesters: until staff takes the ticket).
    Edit(TicketEditArgs),
    /// Assign to a member of the handling role (none named: the least loaded); --role moves it.
    Assign {
        /// The ticket's number.
        id: i64,
        /// The member to assign it to; without it, the least loaded.
        login: Option<String>,
        /// Move it to this handling role.
        #[arg(long)]
        role: Option<String>,
    },
    /// Change the status: waiting, in_progress, on_hold, resolved, closed, cancelled.
    Status {
        /// The ticket's number.
        id: i64,
        /// The new status.
        status: String,
        /// A public comment saying why ("-": read it from standard input).
        #[arg(long)]
        comment: Option<String>,
    },
    /// Ask staff to close the ticket, saying why.
    RequestClose {
        /// The ticket's number.
        id: i64,
        /// Why it can be closed.
        #[arg(long)]
        comment: String,
    },
    /// Comment ("-": read the text from standard input).
    Comment {
        /// The ticket's number.
        id: i64,
        /// The comment ("-": read it from standard input).
        #[arg(long)]
        text: String,
        /// Staff only: never shown to learners or clients.
        #[arg(long)]
        internal: bool,
    },
    /// Log time spent.
    Time {
        /// The ticket's number.
        id: i64,
        /// Minutes spent.
        #[arg(long)]
        minutes: i64,
        /// Day worked, YYYY-MM-DD (default today; earlier days are fine).
        #[arg(long)]
        date: Option<String>,
        /// What the time was spent on.
        #[arg(long)]
        note: Option<String>,
    },
    /// Edit one of your time entries.
    TimeEdit {
        /// The entry's number (`ticket show` lists them).
        entry_id: i64,
        /// Minutes spent.
        #[arg(long)]
        minutes: Option<i64>,
        /// Day worked, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// What the time was spent on.
        #[arg(long)]
        note: Option<String>,
    },
    /// Attach a file (copied into the private attachment store): a regular
    /// file inside attachments.import_dirs, or standard input with --stdin.
    Attach {
        /// The ticket's number.
        id: i64,
        /// The file to attach.
        #[arg(required_unless_present = "stdin", conflicts_with = "stdin")]
        file: Option<std::path::PathBuf>,
        /// Read the file from standard input (under a shared account over
        /// ssh, the only way); with no terminal for the password, its first
        /// line is the password.
        #[arg(long, requires = "name")]
        stdin: bool,
        /// The attachment's name, with --stdin.
        #[arg(long, requires = "stdin", value_name = "NAME")]
        name: Option<String>,
    },
    /// Attachments.
    #[command(subcommand)]
    Attachment(AttachmentCommand),
    /// Rate a resolved ticket from 1 to 5 (editable for 24 hours).
    Rate {
        /// The ticket's number.
        id: i64,
        /// From 1 (poor) to 5 (excellent).
        #[arg(long)]
        score: i64,
        /// A word about the service.
        #[arg(long)]
        comment: Option<String>,
    },
    /// Every change of the ticket, with who and when.
    History {
        /// The ticket's number.
        id: i64,
    },
    /// Roles that handle tickets, with their members and open tickets.
    Roles,
    /// Open tickets in your scope, most urgent first, then by deadline.
    Queue {
        /// Only those whose deadline falls within this much business time
        /// (e.g. 2h, 90m), or has passed.
        #[arg(long)]
        breaching_within: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum AttachmentCommand {
    /// Save an attachment to a new file (never replacing one) inside
    /// attachments.export_dirs, or to standard output.
    Save {
        /// The attachment's number (`ticket show` lists them).
        attachment_id: i64,
        /// The new file, or "-" for standard output.
        #[arg(long, value_name = "PATH")]
        out: std::path::PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct TicketNewArgs {
    /// What the ticket is about, in a few words.
    #[arg(long)]
    pub title: String,
    /// The description ("-": read it from standard input).
    #[arg(long, default_value = "")]
    pub description: String,
    /// low, normal, high or critical.
    #[arg(long, default_value = "normal")]
    pub priority: String,
    /// A category's name (`category list` lists them).
    #[arg(long)]
    pub category: Option<String>,
    /// The handling role (`ticket roles` lists them).
    #[arg(long)]
    pub role: String,
    /// A member of that role; without it, the least loaded.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Open on behalf of this user (needs ticket.create:all).
    #[arg(long)]
    pub requester: Option<String>,
}

#[derive(Args, Debug)]
pub struct TicketEditArgs {
    /// The ticket's number.
    pub id: i64,
    /// A new title.
    #[arg(long)]
    pub title: Option<String>,
    /// "-": read it from standard input.
    #[arg(long)]
    pub description: Option<String>,
    /// low, normal, high or critical.
    #[arg(long)]
    pub priority: Option<String>,
    /// A category's name; "" clears it.
    #[arg(long)]
    pub category: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TicketSort {
    Id,
    Updated,
    Priority,
}

#[derive(Args, Debug)]
pub struct TicketListArgs {
    /// Only these statuses (repeat, or separate with commas); "open" means waiting, in_progress and on_hold.
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// Only this priority: low, normal, high or critical.
    #[arg(long)]
    pub priority: Option<String>,
    /// Only this category, by name.
    #[arg(long)]
    pub category: Option<String>,
    /// Handling role.
    #[arg(long)]
    pub role: Option<String>,
    /// Only tickets assigned to this login ("none": to nobody).
    #[arg(long)]
    pub assignee: Option<String>,
    /// Only tickets opened by this login.
    #[arg(long)]
    pub requester: Option<String>,
    /// Only tickets of this company's people, by name.
    #[arg(long)]
    pub company: Option<String>,
    /// Created on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub created_from: Option<String>,
    /// Created on or before this day.
    #[arg(long)]
    pub created_until: Option<String>,
    /// Changed on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub updated_from: Option<String>,
    /// Changed on or before this day.
    #[arg(long)]
    pub updated_until: Option<String>,
    /// Full-text search over title, description and comments (all words, as prefixes, accents ignored).
    #[arg(long)]
    pub text: Option<String>,
    /// The order: by number, by last change or by priority (newest or most important first).
    #[arg(long, value_enum, default_value_t = TicketSort::Id)]
    pub sort: TicketSort,
    /// Oldest (or least important) first.
    #[arg(long)]
    pub asc: bool,
    /// At most this many tickets.
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    #[command(flatten)]
    pub needs: super::args_find::TicketNeedsArgs,
}

#[derive(Subcommand, Debug)]
pub enum CategoryCommand {
    /// List categories.
    List {
        /// Only those whose name contains TEXT (case and accents ignored; % and _ are plain characters).
        #[arg(long)]
        text: Option<String>,
    },
    /// Create a category.
    Add {
        /// The category's name.
        name: String,
    },
    /// Give a category another name.
    Rename {
        /// Its current name.
        old: String,
        /// Its new name.
        new: String,
    },
}
