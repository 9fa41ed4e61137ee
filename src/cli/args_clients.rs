//! Arguments of `guichet company …` and `guichet client …` (issue 15).

use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub enum CompanyCommand {
    /// Add a company.
    Add {
        /// The company's name.
        name: String,
    },
    /// Active companies by name (archived ones with --archived).
    List {
        /// The archived companies instead.
        #[arg(long)]
        archived: bool,
        /// Only those whose name contains TEXT (case and accents ignored; % and _ are plain characters).
        #[arg(long)]
        text: Option<String>,
    },
    /// A company's details, archived or not, and what refers to it.
    Show {
        /// Its name or number.
        company: String,
    },
    /// Change a company's name, address, phone, email or notes (an empty value clears an optional one).
    Edit(CompanyEditArgs),
    /// Archive a company: it leaves lists and pickers and keeps its history (company unarchive brings it back).
    Archive {
        /// Its name or number.
        company: String,
    },
    /// Bring an archived company back into lists and pickers.
    Unarchive {
        /// Its name or number.
        company: String,
    },
    /// Remove a company nothing refers to (no user, client, contract, ticket or SLA policy); archive it otherwise.
    Remove {
        /// Its name or number.
        company: String,
    },
}

#[derive(Args, Debug)]
pub struct CompanyEditArgs {
    /// Its name or number.
    pub company: String,
    /// New name.
    #[arg(long)]
    pub name: Option<String>,
    /// Postal address, one line.
    #[arg(long)]
    pub address: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Email address.
    #[arg(long)]
    pub email: Option<String>,
    /// Free notes ("-": read them from standard input).
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ClientCommand {
    /// Add a CRM client; a salesperson becomes its sales contact.
    Add(ClientAddArgs),
    /// CRM clients within your scope, by number.
    List(ClientListArgs),
    /// Everything about one client.
    Show {
        /// The client's number.
        id: i64,
    },
    /// Change a client (an empty value clears an optional field; --sales needs client.update:all).
    Edit(ClientEditArgs),
    /// Remove a client that no contract refers to.
    Remove {
        /// The client's number.
        id: i64,
    },
}

#[derive(Args, Debug)]
pub struct ClientAddArgs {
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// Email address.
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Company, by name or number; a new name creates the company.
    #[arg(long)]
    pub company: Option<String>,
    /// Date of first contact, YYYY-MM-DD.
    #[arg(long)]
    pub first_contact: Option<String>,
    /// Sales contact, by login (yourself unless you may create any client).
    #[arg(long)]
    pub sales: Option<String>,
}

#[derive(Args, Debug)]
pub struct ClientListArgs {
    /// Only the clients you are the sales contact of.
    #[arg(long)]
    pub mine: bool,
    /// Only this company's clients (name or number).
    #[arg(long)]
    pub company: Option<String>,
    /// Only the clients of this sales contact (login).
    #[arg(long)]
    pub sales: Option<String>,
    /// Only those whose name or email contains WORDS (case and accents ignored).
    #[arg(long)]
    pub text: Option<String>,
    /// At most this many rows.
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Args, Debug)]
pub struct ClientEditArgs {
    /// The client's number.
    pub id: i64,
    /// Full name.
    #[arg(long)]
    pub name: Option<String>,
    /// Email address.
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Company, by name or number; a new name creates the company.
    #[arg(long)]
    pub company: Option<String>,
    /// Date of first contact, YYYY-MM-DD.
    #[arg(long)]
    pub first_contact: Option<String>,
    /// Sales contact, by login.
    #[arg(long)]
    pub sales: Option<String>,
}
